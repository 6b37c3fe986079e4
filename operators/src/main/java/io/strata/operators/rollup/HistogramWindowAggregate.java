package io.strata.operators.rollup;

import java.util.Arrays;

/**
 * The rollup of one native-histogram series over one epoch-aligned window {@code [windowStart,
 * windowEnd)}: the merged, reset-aware delta histogram of the window and its quantiles.
 *
 * <p>The delta is the merge of the steps between consecutive cumulative samples whose later
 * sample falls in the window (after a reset, the step is the new cumulative histogram itself), so
 * the deltas of consecutive windows add up to the last cumulative histogram minus the first, as
 * counter increases do. Buckets use OpenTelemetry's indexing (bucket {@code i} holds values in
 * {@code (2^(i·2^-scale), 2^((i+1)·2^-scale)]}), i.e. Prometheus' bucket index minus one.
 *
 * @param samples raw cumulative samples whose timestamp falls in the window
 * @param resets counter resets detected in the window
 * @param count the count increase: observations in the delta, zero bucket included
 * @param sum the sum increase
 * @param positiveCounts counts of buckets {@code positiveOffset, positiveOffset + 1, ...}
 * @param negativeCounts counts of the negative buckets, by the index of their absolute values
 * @param p50 the 0.5-quantile of the delta as {@code HistogramQuantile} computes it; NaN if the
 *     delta is empty (likewise p90, p95, p99)
 */
public record HistogramWindowAggregate(
        long windowStartEpochMillis,
        long windowEndEpochMillis,
        long samples,
        long resets,
        double count,
        double sum,
        int scale,
        double zeroThreshold,
        double zeroCount,
        int positiveOffset,
        double[] positiveCounts,
        int negativeOffset,
        double[] negativeCounts,
        double p50,
        double p90,
        double p95,
        double p99) implements WindowResult {

    /** The quantiles every histogram rollup carries, in the order of {@link #quantiles()}. */
    public static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};

    public HistogramWindowAggregate {
        positiveCounts = positiveCounts.clone();
        negativeCounts = negativeCounts.clone();
    }

    /** Returns p50, p90, p95 and p99, as {@link #QUANTILES}. */
    public double[] quantiles() {
        return new double[] {p50, p90, p95, p99};
    }

    @Override
    public double[] positiveCounts() {
        return positiveCounts.clone();
    }

    @Override
    public double[] negativeCounts() {
        return negativeCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramWindowAggregate a
                && windowStartEpochMillis == a.windowStartEpochMillis
                && windowEndEpochMillis == a.windowEndEpochMillis
                && samples == a.samples
                && resets == a.resets
                && Double.compare(count, a.count) == 0
                && Double.compare(sum, a.sum) == 0
                && scale == a.scale
                && Double.compare(zeroThreshold, a.zeroThreshold) == 0
                && Double.compare(zeroCount, a.zeroCount) == 0
                && positiveOffset == a.positiveOffset
                && Arrays.equals(positiveCounts, a.positiveCounts)
                && negativeOffset == a.negativeOffset
                && Arrays.equals(negativeCounts, a.negativeCounts)
                && Double.compare(p50, a.p50) == 0
                && Double.compare(p90, a.p90) == 0
                && Double.compare(p95, a.p95) == 0
                && Double.compare(p99, a.p99) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(windowStartEpochMillis) * 31 + Double.hashCode(count) * 17 + Arrays.hashCode(positiveCounts);
    }

    @Override
    public String toString() {
        return "HistogramWindowAggregate{[" + windowStartEpochMillis + ", " + windowEndEpochMillis + ") samples="
                + samples + ", resets=" + resets + ", count=" + count + ", sum=" + sum + ", scale=" + scale
                + ", zeroThreshold=" + zeroThreshold + ", zeroCount=" + zeroCount + ", positive=" + positiveOffset
                + ":" + Arrays.toString(positiveCounts) + ", negative=" + negativeOffset + ":"
                + Arrays.toString(negativeCounts) + ", p50=" + p50 + ", p90=" + p90 + ", p95=" + p95
                + ", p99=" + p99 + '}';
    }
}
