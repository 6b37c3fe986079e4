package io.strata.pipeline.record;

import io.strata.operators.policy.RejectReason;
import java.util.Arrays;

/**
 * A frame or sample that was not forwarded, with its reason. Forbidden (PII) labels were
 * removed before this record was made: {@code redactedLabels} names them, no value is kept.
 *
 * @param labelNames the sample's labels without forbidden ones, or {@code null} for a frame
 * @param timestampEpochMillis the sample's timestamp, or {@link Long#MIN_VALUE} when unknown
 * @param samples how many samples this record stands for (0 when a whole frame could not be read)
 * @param origin where the frame came from, e.g. {@code kafka:frames-2@1041}
 */
public record Rejected(
        String tenant,
        RejectReason reason,
        String detail,
        String[] labelNames,
        String[] labelValues,
        String[] redactedLabels,
        long timestampEpochMillis,
        double value,
        long samples,
        String origin,
        long observedAtEpochMillis) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public static Rejected frame(String tenant, RejectReason reason, String detail, String origin, long nowEpochMillis) {
        return new Rejected(tenant, reason, detail, null, null, null, NO_TIMESTAMP, Double.NaN, 0, origin, nowEpochMillis);
    }

    /** A rejection of a sample that already passed the label policy, so carries no forbidden label. */
    public static Rejected ofSample(Sample sample, RejectReason reason, String detail, long nowEpochMillis) {
        return new Rejected(sample.tenant(), reason, detail, sample.labelNames(), sample.labelValues(), new String[0],
                sample.timestampEpochMillis(), sample.value(), 1, null, nowEpochMillis);
    }

    public boolean hasTimestamp() {
        return timestampEpochMillis != NO_TIMESTAMP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rejected r
                && tenant.equals(r.tenant)
                && reason == r.reason
                && java.util.Objects.equals(detail, r.detail)
                && Arrays.equals(labelNames, r.labelNames)
                && Arrays.equals(labelValues, r.labelValues)
                && Arrays.equals(redactedLabels, r.redactedLabels)
                && timestampEpochMillis == r.timestampEpochMillis
                && Double.compare(value, r.value) == 0
                && samples == r.samples
                && java.util.Objects.equals(origin, r.origin)
                && observedAtEpochMillis == r.observedAtEpochMillis;
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
