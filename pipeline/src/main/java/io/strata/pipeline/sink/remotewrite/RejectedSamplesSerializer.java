package io.strata.pipeline.sink.remotewrite;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Rejected;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Serializes the remote_write sink's committables: one {@link Rejected} sample each. */
public final class RejectedSamplesSerializer implements SimpleVersionedSerializer<Rejected> {

    /**
     * Version 1: tenant, reason label, detail?, label names?, label values?, redacted labels?,
     * long timestamp, double value, long samples, origin?, long observed-at. Strings are Flink
     * {@link StringValue}s (no length limit); {@code ?} marks a boolean presence flag before the
     * field; an array is an int count, then its strings.
     */
    static final int VERSION_1 = 1;

    /**
     * Version 2 adds, after version 1's fields: long last timestamp, long frame bytes, long broker
     * timestamp. Version 1 reads as a single sample without a broker timestamp.
     */
    static final int VERSION_2 = 2;

    @Override
    public int getVersion() {
        return VERSION_2;
    }

    @Override
    public byte[] serialize(Rejected rejected) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        StringValue.writeString(rejected.tenant(), out);
        StringValue.writeString(rejected.reason().label(), out);
        writeOptional(rejected.detail(), out);
        writeOptional(rejected.labelNames(), out);
        writeOptional(rejected.labelValues(), out);
        writeOptional(rejected.redactedLabels(), out);
        out.writeLong(rejected.timestampEpochMillis());
        out.writeDouble(rejected.value());
        out.writeLong(rejected.samples());
        writeOptional(rejected.origin(), out);
        out.writeLong(rejected.observedAtEpochMillis());
        out.writeLong(rejected.lastTimestampEpochMillis());
        out.writeLong(rejected.frameBytes());
        out.writeLong(rejected.brokerTimestampEpochMillis());
        return out.getCopyOfBuffer();
    }

    @Override
    public Rejected deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1 && version != VERSION_2) {
            throw new IOException("unknown remote_write rejected-sample version " + version + "; this build reads "
                    + VERSION_1 + " and " + VERSION_2);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String tenant = StringValue.readString(in);
        RejectReason reason = reason(StringValue.readString(in));
        String detail = in.readBoolean() ? StringValue.readString(in) : null;
        String[] labelNames = readOptionalArray(in);
        String[] labelValues = readOptionalArray(in);
        String[] redacted = readOptionalArray(in);
        long timestamp = in.readLong();
        double value = in.readDouble();
        long samples = in.readLong();
        String origin = in.readBoolean() ? StringValue.readString(in) : null;
        long observedAt = in.readLong();
        if (version == VERSION_1) {
            return new Rejected(tenant, reason, detail, labelNames, labelValues, redacted, timestamp, timestamp, value,
                    samples, 0, origin, observedAt, Rejected.NO_TIMESTAMP);
        }
        long lastTimestamp = in.readLong();
        long frameBytes = in.readLong();
        long brokerTimestamp = in.readLong();
        return new Rejected(tenant, reason, detail, labelNames, labelValues, redacted, timestamp, lastTimestamp, value,
                samples, frameBytes, origin, observedAt, brokerTimestamp);
    }

    private static RejectReason reason(String label) throws IOException {
        for (RejectReason reason : RejectReason.values()) {
            if (reason.label().equals(label)) {
                return reason;
            }
        }
        throw new IOException("unknown reject reason '" + label + "' in a remote_write rejected sample");
    }

    private static void writeOptional(String value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            StringValue.writeString(value, out);
        }
    }

    private static void writeOptional(String[] values, DataOutputView out) throws IOException {
        out.writeBoolean(values != null);
        if (values != null) {
            out.writeInt(values.length);
            for (String v : values) {
                StringValue.writeString(v, out);
            }
        }
    }

    private static String[] readOptionalArray(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = StringValue.readString(in);
        }
        return values;
    }
}
