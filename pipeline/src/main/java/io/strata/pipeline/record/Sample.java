package io.strata.pipeline.record;

import io.strata.operators.series.MetricKind;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One sample of one series: the {@link Series} (tenant, labels sorted by name with
 * {@code __name__} included, 64-bit series id), timestamp, and either a float value or a native
 * histogram.
 *
 * <p>Samples of one series share its {@link Series}, from decoding on: build a sample from an
 * existing series where there is one, so that what is worked out per series stays worked out.
 *
 * @param histogram the native histogram, or {@code null} for a float sample
 * @param arrivalEpochMillis when Strata received the sample's frame (its broker timestamp, or the
 *     time of reading where the broker's clock is off): the time that places the sample's late or
 *     rejected row in the cold dataset, never the producer's claimed timestamp. Not part of
 *     {@link #equals}: the same sample read twice is the same sample.
 */
@TypeInfo(SampleTypeInfo.Factory.class)
public record Sample(
        Series series,
        MetricKind kind,
        long timestampEpochMillis,
        double value,
        NativeHistogram histogram,
        long arrivalEpochMillis) {

    public Sample {
        Objects.requireNonNull(series, "series");
    }

    public Sample(
            String tenant, long seriesId, String[] labelNames, String[] labelValues, MetricKind kind,
            long timestampEpochMillis, double value, NativeHistogram histogram, long arrivalEpochMillis) {
        this(new Series(tenant, seriesId, labelNames, labelValues), kind, timestampEpochMillis, value, histogram, arrivalEpochMillis);
    }

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

    /** A float sample of {@code series} made by Strata itself: it arrives when it is stamped. */
    public static Sample ofFloat(Series series, MetricKind kind, long ts, double value) {
        return new Sample(series, kind, ts, value, null, ts);
    }

    /** This sample with other labels (and so another series id), arriving when this one did. */
    public Sample withLabels(long newSeriesId, String[] names, String[] values) {
        return withSeries(new Series(series.tenant(), newSeriesId, names, values));
    }

    /** This sample as a sample of {@code other}, arriving when this one did. */
    public Sample withSeries(Series other) {
        return new Sample(other, kind, timestampEpochMillis, value, histogram, arrivalEpochMillis);
    }

    public String tenant() {
        return series.tenant();
    }

    public long seriesId() {
        return series.id();
    }

    public String[] labelNames() {
        return series.names();
    }

    public String[] labelValues() {
        return series.values();
    }

    public boolean isHistogram() {
        return histogram != null;
    }

    /** The value of {@code __name__}. */
    public String metricName() {
        return series.metricName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s
                && series.equals(s.series)
                && kind == s.kind
                && timestampEpochMillis == s.timestampEpochMillis
                && Double.compare(value, s.value) == 0
                && Objects.equals(histogram, s.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(series.id()) * 31 + Long.hashCode(timestampEpochMillis);
    }

    @Override
    public String toString() {
        return "Sample{" + Labels.format(series.names(), series.values()) + " @" + timestampEpochMillis + " = "
                + (histogram != null ? histogram : value) + ", tenant=" + series.tenant() + '}';
    }
}
