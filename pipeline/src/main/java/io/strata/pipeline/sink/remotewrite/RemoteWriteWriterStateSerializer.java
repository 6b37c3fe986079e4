package io.strata.pipeline.sink.remotewrite;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link RemoteWriteWriterState}: 16 bytes per series. */
public final class RemoteWriteWriterStateSerializer implements SimpleVersionedSerializer<RemoteWriteWriterState> {

    /** Version 1: int count, then count pairs of (long series, long last delivered timestamp). */
    static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(RemoteWriteWriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(4 + 16 * state.series().length);
        out.writeInt(state.series().length);
        for (int i = 0; i < state.series().length; i++) {
            out.writeLong(state.series()[i]);
            out.writeLong(state.timestamps()[i]);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public RemoteWriteWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown remote_write writer state version " + version + "; this build reads " + VERSION_1);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        long[] series = new long[count];
        long[] timestamps = new long[count];
        for (int i = 0; i < count; i++) {
            series[i] = in.readLong();
            timestamps[i] = in.readLong();
        }
        return new RemoteWriteWriterState(series, timestamps);
    }
}
