package io.strata.pipeline.record;

import io.strata.operators.policy.RejectReason;
import java.util.Arrays;
import java.util.Objects;

/**
 * A frame, or a run of samples of one series, that was not forwarded, with its reason. Forbidden
 * (PII) labels were removed before this record was made: {@code redactedLabels} names them, no
 * value is kept.
 *
 * @param labelNames the series' labels without forbidden ones, or {@code null} for a frame
 * @param timestampEpochMillis the earliest claimed sample timestamp, or {@link #NO_TIMESTAMP} when unknown
 * @param lastTimestampEpochMillis the latest claimed sample timestamp, or {@link #NO_TIMESTAMP}
 * @param value the value of a single rejected float sample, else NaN
 * @param samples how many samples this record stands for (0 when a frame could not be read far enough to count)
 * @param frameBytes the size of a rejected frame as it was read, 0 for samples
 * @param origin where the frame came from, e.g. {@code kafka:frames-2@1041}
 * @param observedAtEpochMillis when Strata received the frame: the broker's timestamp, or the time of
 *     reading where the broker's clock was off; it places the row in {@code dt=/hour=}
 * @param brokerTimestampEpochMillis the record's broker timestamp as read, or {@link #NO_TIMESTAMP}
 */
public record Rejected(
        String tenant,
        RejectReason reason,
        String detail,
        String[] labelNames,
        String[] labelValues,
        String[] redactedLabels,
        long timestampEpochMillis,
        long lastTimestampEpochMillis,
        double value,
        long samples,
        long frameBytes,
        String origin,
        long observedAtEpochMillis,
        long brokerTimestampEpochMillis) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    private static final String[] NONE = new String[0];

    /** A frame rejected whole, holding {@code samples} samples (0 where they could not be counted) in {@code bytes} bytes. */
    public static Rejected frame(
            String tenant, RejectReason reason, String detail, long samples, long bytes, Arrival arrival) {
        return new Rejected(tenant, reason, detail, null, null, null, NO_TIMESTAMP, NO_TIMESTAMP, Double.NaN, samples, bytes,
                arrival.origin(), arrival.observedAtEpochMillis(), arrival.brokerTimestampEpochMillis());
    }

    /** A rejection of one sample that already passed the label policy, so carries no forbidden label. */
    public static Rejected ofSample(Sample sample, RejectReason reason, String detail) {
        return new Rejected(sample.tenant(), reason, detail, sample.labelNames(), sample.labelValues(), NONE,
                sample.timestampEpochMillis(), sample.timestampEpochMillis(), sample.value(), 1, 0, null,
                sample.arrivalEpochMillis(), NO_TIMESTAMP);
    }

    public boolean hasTimestamp() {
        return timestampEpochMillis != NO_TIMESTAMP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rejected r
                && tenant.equals(r.tenant)
                && reason == r.reason
                && Objects.equals(detail, r.detail)
                && Arrays.equals(labelNames, r.labelNames)
                && Arrays.equals(labelValues, r.labelValues)
                && Arrays.equals(redactedLabels, r.redactedLabels)
                && timestampEpochMillis == r.timestampEpochMillis
                && lastTimestampEpochMillis == r.lastTimestampEpochMillis
                && Double.compare(value, r.value) == 0
                && samples == r.samples
                && frameBytes == r.frameBytes
                && Objects.equals(origin, r.origin)
                && observedAtEpochMillis == r.observedAtEpochMillis
                && brokerTimestampEpochMillis == r.brokerTimestampEpochMillis;
    }

    @Override
    public int hashCode() {
        return reason.hashCode() * 31 + Long.hashCode(timestampEpochMillis);
    }

    @Override
    public String toString() {
        return "Rejected{" + reason.label() + ": " + detail
                + (labelNames != null ? ", " + Labels.format(labelNames, labelValues) : "")
                + (redactedLabels != null && redactedLabels.length > 0 ? ", redacted=" + Arrays.toString(redactedLabels) : "")
                + ", samples=" + samples + ", origin=" + origin + '}';
    }
}
