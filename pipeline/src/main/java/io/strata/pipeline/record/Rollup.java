package io.strata.pipeline.record;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import java.util.Arrays;
import java.util.Objects;

/**
 * The rollup of one series over one window, with the series' identity.
 *
 * <p>A native-histogram rollup carries its delta histogram and quantiles in {@code histogram};
 * its {@code aggregate} then has kind {@link MetricKind#HISTOGRAM}, the window, {@code count} =
 * raw samples in the window, {@code sum} = the sum increase, {@code increase} = the count
 * increase and {@code resets}; its min, max, last, firstRaw and lastRaw are NaN.
 *
 * @param histogram the native-histogram aggregate, {@code null} for float series
 * @param revision 0 for a window's first result; 1, 2, ... for each corrected result re-emitted
 *     when samples reach the window within its allowed lateness (the highest revision is final)
 */
public record Rollup(
        String tenant,
        long seriesId,
        String[] labelNames,
        String[] labelValues,
        String resolution,
        WindowAggregate aggregate,
        HistogramWindowAggregate histogram,
        int revision) {

    /** The rollup of a float series. */
    public static Rollup ofFloat(String tenant, long seriesId, String[] labelNames, String[] labelValues,
            String resolution, WindowAggregate aggregate) {
        return new Rollup(tenant, seriesId, labelNames, labelValues, resolution, aggregate, null, 0);
    }

    /** The rollup of a native-histogram series; its {@code aggregate} is derived as the class comment says. */
    public static Rollup ofHistogram(String tenant, long seriesId, String[] labelNames, String[] labelValues,
            String resolution, HistogramWindowAggregate histogram) {
        WindowAggregate aggregate = new WindowAggregate(MetricKind.HISTOGRAM, histogram.windowStartEpochMillis(),
                histogram.windowEndEpochMillis(), histogram.samples(), histogram.sum(), Double.NaN, Double.NaN,
                Double.NaN, histogram.count(), Double.NaN, Double.NaN, histogram.resets());
        return new Rollup(tenant, seriesId, labelNames, labelValues, resolution, aggregate, histogram, 0);
    }

    /** This rollup as revision {@code revision} of its window's result. */
    public Rollup withRevision(int revision) {
        return new Rollup(tenant, seriesId, labelNames, labelValues, resolution, aggregate, histogram, revision);
    }

    /** Whether this is a corrected result of a window that was emitted before. */
    public boolean isCorrection() {
        return revision > 0;
    }

    public boolean isHistogram() {
        return histogram != null;
    }

    public String metricName() {
        return Labels.metricName(labelNames, labelValues);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollup r
                && tenant.equals(r.tenant)
                && seriesId == r.seriesId
                && Arrays.equals(labelNames, r.labelNames)
                && Arrays.equals(labelValues, r.labelValues)
                && resolution.equals(r.resolution)
                && aggregate.equals(r.aggregate)
                && Objects.equals(histogram, r.histogram)
                && revision == r.revision;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seriesId) * 31 + aggregate.hashCode();
    }

    @Override
    public String toString() {
        return "Rollup{" + Labels.format(labelNames, labelValues) + " " + resolution + " "
                + (histogram != null ? histogram : aggregate) + (revision > 0 ? " revision " + revision : "") + '}';
    }
}
