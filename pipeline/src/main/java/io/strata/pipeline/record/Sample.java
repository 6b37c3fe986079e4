package io.strata.pipeline.record;

import io.strata.operators.series.MetricKind;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One sample of one series: its tenant, labels (parallel arrays sorted by name, {@code __name__}
 * included), 64-bit series id, timestamp, and either a float value or a native histogram.
 *
 * <p>Samples decoded from one remote_write series share its label arrays: never modify them.
 *
 * @param histogram the native histogram, or {@code null} for a float sample
 * @param arrivalEpochMillis when Strata received the sample's frame (its broker timestamp, or the
 *     time of reading where the broker's clock is off): the time that places the sample's late or
 *     rejected row in the cold dataset, never the producer's claimed timestamp. Not part of
 *     {@link #equals}: the same sample read twice is the same sample.
 */
@TypeInfo(SampleTypeInfo.Factory.class)
public record Sample(
        String tenant,
        long seriesId,
        String[] labelNames,
        String[] labelValues,
        MetricKind kind,
        long timestampEpochMillis,
        double value,
        NativeHistogram histogram,
        long arrivalEpochMillis) {

    /** A sample made by Strata itself (a rollup, a rule result, generated data): it arrives when it is stamped. */
    public Sample(
            String tenant, long seriesId, String[] labelNames, String[] labelValues, MetricKind kind,
            long timestampEpochMillis, double value, NativeHistogram histogram) {
        this(tenant, seriesId, labelNames, labelValues, kind, timestampEpochMillis, value, histogram, timestampEpochMillis);
    }

    public static Sample ofFloat(
            String tenant, long seriesId, String[] names, String[] values, MetricKind kind, long ts, double value) {
        return new Sample(tenant, seriesId, names, values, kind, ts, value, null);
    }

    /** This sample with other labels (and so another series id), arriving when this one did. */
    public Sample withLabels(long newSeriesId, String[] names, String[] values) {
        return new Sample(tenant, newSeriesId, names, values, kind, timestampEpochMillis, value, histogram, arrivalEpochMillis);
    }

    public boolean isHistogram() {
        return histogram != null;
    }

    /** The value of {@code __name__}. */
    public String metricName() {
        return Labels.metricName(labelNames, labelValues);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s
                && tenant.equals(s.tenant)
                && seriesId == s.seriesId
                && Arrays.equals(labelNames, s.labelNames)
                && Arrays.equals(labelValues, s.labelValues)
                && kind == s.kind
                && timestampEpochMillis == s.timestampEpochMillis
                && Double.compare(value, s.value) == 0
                && java.util.Objects.equals(histogram, s.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seriesId) * 31 + Long.hashCode(timestampEpochMillis);
    }

    @Override
    public String toString() {
        return "Sample{" + Labels.format(labelNames, labelValues) + " @" + timestampEpochMillis + " = "
                + (histogram != null ? histogram : value) + ", tenant=" + tenant + '}';
    }
}
