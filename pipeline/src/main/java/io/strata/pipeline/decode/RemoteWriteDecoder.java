package io.strata.pipeline.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import io.strata.schemas.prompb.Types.BucketSpan;
import io.strata.schemas.prompb.Types.MetricMetadata;
import io.strata.schemas.prompb.Types.TimeSeries;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.xerial.snappy.Snappy;

/**
 * Decodes one remote_write 1.0 frame (snappy block + {@code WriteRequest}) into samples and
 * rejections. Never throws on bad input: every frame or sample that cannot be used comes out as a
 * {@link Rejected} with its reason, with forbidden (PII) label values already removed.
 *
 * <p>Immutable and thread-safe; one instance is shared by every source.
 */
public final class RemoteWriteDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** remote_write frames are bundled to at most 1 MB upstream (design card, "Records"). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    /** Protects the heap from a decompression bomb; a full 1 MB frame of labels expands about 10x. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 32 << 20;

    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);

    /** 2000-01-01T00:00:00Z: anything older is a broken clock, not telemetry. */
    public static final long MIN_VALID_TIMESTAMP_EPOCH_MILLIS = 946_684_800_000L;

    private final LabelPolicy redaction;
    private final int maxFrameBytes;
    private final int maxDecompressedBytes;
    private final long maxFutureSkewMillis;

    public RemoteWriteDecoder(LabelPolicy redaction, int maxFrameBytes, int maxDecompressedBytes, Duration maxFutureSkew) {
        this.redaction = redaction;
        this.maxFrameBytes = maxFrameBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
    }

    /** A decoder with the default limits that redacts the labels {@code policy} forbids. */
    public static RemoteWriteDecoder withDefaults(LabelPolicy policy) {
        return new RemoteWriteDecoder(policy, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_FUTURE_SKEW);
    }

    /**
     * Decodes {@code frame} and hands every sample and rejection to {@code out}, in frame order.
     *
     * @param nowEpochMillis the wall clock, against which future skew is judged
     */
    public void decode(byte[] frame, String tenant, String origin, long nowEpochMillis, Consumer<SourceRecord> out) {
        if (frame == null || frame.length == 0) {
            out.accept(SourceRecord.of(Rejected.frame(tenant, RejectReason.EMPTY_FRAME, "record has no payload", 0, frame == null ? 0 : frame.length, Arrival.readAt(origin, nowEpochMillis))));
            return;
        }
        if (frame.length > maxFrameBytes) {
            out.accept(SourceRecord.of(Rejected.frame(tenant, RejectReason.FRAME_TOO_LARGE,
                    frame.length + " bytes, limit " + maxFrameBytes, 0, frame == null ? 0 : frame.length, Arrival.readAt(origin, nowEpochMillis))));
            return;
        }
        byte[] protobuf;
        try {
            int length = Snappy.uncompressedLength(frame);
            if (length > maxDecompressedBytes) {
                out.accept(SourceRecord.of(Rejected.frame(tenant, RejectReason.FRAME_TOO_LARGE,
                        "decompresses to " + length + " bytes, limit " + maxDecompressedBytes, 0, frame == null ? 0 : frame.length, Arrival.readAt(origin, nowEpochMillis))));
                return;
            }
            protobuf = Snappy.uncompress(frame);
        } catch (IOException | RuntimeException e) {
            out.accept(SourceRecord.of(Rejected.frame(tenant, RejectReason.BAD_SNAPPY,
                    "not a snappy block: " + e.getMessage(), 0, frame == null ? 0 : frame.length, Arrival.readAt(origin, nowEpochMillis))));
            return;
        }
        WriteRequest request;
        try {
            request = WriteRequest.parseFrom(protobuf);
        } catch (InvalidProtocolBufferException e) {
            out.accept(SourceRecord.of(Rejected.frame(tenant, RejectReason.BAD_PROTOBUF,
                    "not a WriteRequest: " + e.getMessage(), 0, frame == null ? 0 : frame.length, Arrival.readAt(origin, nowEpochMillis))));
            return;
        }
        Map<String, MetricMetadata.MetricType> types = metadataTypes(request);
        for (TimeSeries series : request.getTimeseriesList()) {
            decodeSeries(series, types, tenant, origin, nowEpochMillis, out);
        }
    }

    private void decodeSeries(
            TimeSeries series,
            Map<String, MetricMetadata.MetricType> types,
            String tenant,
            String origin,
            long now,
            Consumer<SourceRecord> out) {
        int n = series.getLabelsCount();
        String[] names = new String[n];
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            Types.Label label = series.getLabels(i);
            names[i] = label.getName();
            values[i] = label.getValue();
        }
        int sampleCount = series.getSamplesCount() + series.getHistogramsCount();
        RejectReason invalid = LabelValidation.validate(names, values);
        if (invalid != null) {
            out.accept(SourceRecord.of(redacted(tenant, invalid, LabelValidation.describe(invalid, names),
                    names, values, Rejected.NO_TIMESTAMP, Double.NaN, sampleCount, origin, now)));
            return;
        }
        long seriesId = SeriesId.of(names, values);
        String metric = io.strata.pipeline.record.Labels.metricName(names, values);
        MetricKind floatKind = floatKind(metric, types);
        for (Types.Sample s : series.getSamplesList()) {
            RejectReason reason = checkTimestamp(s.getTimestamp(), now);
            if (reason == null && Double.isNaN(s.getValue())) {
                reason = RejectReason.NAN_VALUE;
            }
            if (reason != null) {
                out.accept(SourceRecord.of(redacted(tenant, reason, reason.label(), names, values,
                        s.getTimestamp(), s.getValue(), 1, origin, now)));
            } else {
                out.accept(SourceRecord.of(Sample.ofFloat(tenant, seriesId, names, values, floatKind, s.getTimestamp(), s.getValue())));
            }
        }
        for (Types.Histogram h : series.getHistogramsList()) {
            RejectReason reason = checkTimestamp(h.getTimestamp(), now);
            if (reason != null) {
                out.accept(SourceRecord.of(redacted(tenant, reason, reason.label(), names, values,
                        h.getTimestamp(), Double.NaN, 1, origin, now)));
            } else {
                out.accept(SourceRecord.of(new Sample(tenant, seriesId, names, values, MetricKind.HISTOGRAM,
                        h.getTimestamp(), Double.NaN, toNativeHistogram(h))));
            }
        }
    }

    private RejectReason checkTimestamp(long timestamp, long now) {
        if (timestamp < MIN_VALID_TIMESTAMP_EPOCH_MILLIS) {
            return RejectReason.TIMESTAMP_INVALID;
        }
        if (timestamp > now + maxFutureSkewMillis) {
            return RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE;
        }
        return null;
    }

    /** A rejection of a sample whose forbidden labels are dropped and only named. */
    public Rejected redacted(
            String tenant, RejectReason reason, String detail, String[] names, String[] values,
            long timestamp, double value, long samples, String origin, long now) {
        int forbidden = 0;
        for (String name : names) {
            if (redaction.isForbidden(name)) {
                forbidden++;
            }
        }
        if (forbidden == 0) {
            return new Rejected(tenant, reason, detail, names, values, new String[0], timestamp, timestamp, value, samples, 0, origin, now, Rejected.NO_TIMESTAMP);
        }
        String[] keptNames = new String[names.length - forbidden];
        String[] keptValues = new String[names.length - forbidden];
        String[] redacted = new String[forbidden];
        for (int i = 0, k = 0, r = 0; i < names.length; i++) {
            if (redaction.isForbidden(names[i])) {
                redacted[r++] = names[i];
            } else {
                keptNames[k] = names[i];
                keptValues[k++] = values[i];
            }
        }
        return new Rejected(tenant, reason, detail, keptNames, keptValues, redacted, timestamp, timestamp, value, samples, 0, origin, now, Rejected.NO_TIMESTAMP);
    }

    private static Map<String, MetricMetadata.MetricType> metadataTypes(WriteRequest request) {
        if (request.getMetadataCount() == 0) {
            return Map.of();
        }
        Map<String, MetricMetadata.MetricType> types = new HashMap<>();
        for (MetricMetadata m : request.getMetadataList()) {
            types.put(m.getMetricFamilyName(), m.getType());
        }
        return types;
    }

    private static MetricKind floatKind(String metric, Map<String, MetricMetadata.MetricType> types) {
        MetricMetadata.MetricType type = types.get(metric);
        if (type == MetricMetadata.MetricType.GAUGE) {
            return MetricKind.GAUGE;
        }
        if (type == MetricMetadata.MetricType.COUNTER) {
            return MetricKind.COUNTER;
        }
        return MetricKind.inferFromName(metric);
    }

    static NativeHistogram toNativeHistogram(Types.Histogram h) {
        boolean floatCounts = h.getCountCase() == Types.Histogram.CountCase.COUNT_FLOAT;
        double count = floatCounts ? h.getCountFloat() : h.getCountInt();
        double zeroCount = h.getZeroCountCase() == Types.Histogram.ZeroCountCase.ZERO_COUNT_FLOAT
                ? h.getZeroCountFloat()
                : h.getZeroCountInt();
        return new NativeHistogram(
                h.getSchema(),
                h.getZeroThreshold(),
                zeroCount,
                count,
                h.getSum(),
                offsets(h.getPositiveSpansList()),
                lengths(h.getPositiveSpansList()),
                floatCounts ? toArray(h.getPositiveCountsList()) : cumulate(h.getPositiveDeltasList()),
                offsets(h.getNegativeSpansList()),
                lengths(h.getNegativeSpansList()),
                floatCounts ? toArray(h.getNegativeCountsList()) : cumulate(h.getNegativeDeltasList()),
                h.getResetHintValue(),
                floatCounts);
    }

    private static int[] offsets(List<BucketSpan> spans) {
        int[] out = new int[spans.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = spans.get(i).getOffset();
        }
        return out;
    }

    private static int[] lengths(List<BucketSpan> spans) {
        int[] out = new int[spans.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = spans.get(i).getLength();
        }
        return out;
    }

    private static double[] cumulate(List<Long> deltas) {
        double[] out = new double[deltas.size()];
        long running = 0;
        for (int i = 0; i < out.length; i++) {
            running += deltas.get(i);
            out[i] = running;
        }
        return out;
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** For tests and tools: every record a frame decodes into. */
    public List<SourceRecord> decodeAll(byte[] frame, String tenant, String origin, long nowEpochMillis) {
        List<SourceRecord> records = new ArrayList<>();
        decode(frame, tenant, origin, nowEpochMillis, records::add);
        return records;
    }
}
