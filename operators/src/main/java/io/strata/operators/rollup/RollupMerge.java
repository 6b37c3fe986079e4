package io.strata.operators.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;

/**
 * Merges the rollups of consecutive windows of one series into the rollup of their union, so that
 * 5m windows are computed from 1m results and 1h windows from 5m results without the raw samples.
 *
 * <p>Float series: count, sum, increase and resets add up; min and max are the extremes; last and
 * lastRaw come from the later window, firstRaw from the earlier one, as Thanos' counter aggregate
 * keeps first and last raw values so that rate() can be recomputed from rollups of rollups.
 * Because a counter window's increase includes the step from the series' previous sample (in an
 * earlier window), increases of consecutive windows add up exactly: the merged increase equals
 * the increase a single window over the whole span would have had.
 *
 * <p>Native histograms: the delta histograms are merged ({@link ExponentialHistogram#merge}), count
 * and sum increases and resets add up, and the quantiles are computed again from the merged
 * delta (quantiles themselves do not merge).
 *
 * <p>Stateless and thread-safe. An empty side (count 0, e.g. a histogram window holding only the
 * series' first sample) is neutral except for its window bounds.
 */
public final class RollupMerge {

    private RollupMerge() {}

    /**
     * The rollup of {@code [earlier.start, later.end)} from two consecutive rollups of one series.
     *
     * @throws IllegalArgumentException if the kinds differ or {@code later} does not start at or after {@code earlier}'s end
     */
    public static WindowAggregate merge(WindowAggregate earlier, WindowAggregate later) {
        if (earlier.kind() != later.kind()) {
            throw new IllegalArgumentException("cannot merge a " + earlier.kind() + " rollup with a " + later.kind() + " rollup");
        }
        checkOrder(earlier.windowStartEpochMillis(), earlier.windowEndEpochMillis(), later.windowStartEpochMillis());
        if (later.count() == 0) {
            return rewindow(earlier, earlier.windowStartEpochMillis(), later.windowEndEpochMillis());
        }
        if (earlier.count() == 0) {
            return rewindow(later, earlier.windowStartEpochMillis(), later.windowEndEpochMillis());
        }
        return new WindowAggregate(
                earlier.kind(),
                earlier.windowStartEpochMillis(),
                later.windowEndEpochMillis(),
                earlier.count() + later.count(),
                earlier.sum() + later.sum(),
                Math.min(earlier.min(), later.min()),
                Math.max(earlier.max(), later.max()),
                later.last(),
                earlier.increase() + later.increase(),
                earlier.firstRaw(),
                later.lastRaw(),
                earlier.resets() + later.resets());
    }

    /** {@code aggregate} with its window replaced, e.g. a single 1m rollup that makes up a whole 5m window. */
    public static WindowAggregate rewindow(WindowAggregate a, long windowStartEpochMillis, long windowEndEpochMillis) {
        return new WindowAggregate(a.kind(), windowStartEpochMillis, windowEndEpochMillis, a.count(), a.sum(), a.min(),
                a.max(), a.last(), a.increase(), a.firstRaw(), a.lastRaw(), a.resets());
    }

    /**
     * The histogram rollup of {@code [earlier.start, later.end)} from two consecutive histogram
     * rollups of one series: merged delta, added count and sum increases, samples and resets,
     * quantiles of the merged delta.
     *
     * @param maxBuckets bucket limit per sign of the merged delta; a wider merge lowers its scale
     */
    public static HistogramWindowAggregate merge(HistogramWindowAggregate earlier, HistogramWindowAggregate later, int maxBuckets) {
        checkOrder(earlier.windowStartEpochMillis(), earlier.windowEndEpochMillis(), later.windowStartEpochMillis());
        ExponentialHistogram merged = delta(earlier, maxBuckets);
        merged.merge(delta(later, maxBuckets));
        return aggregate(earlier.windowStartEpochMillis(), later.windowEndEpochMillis(),
                earlier.samples() + later.samples(), earlier.resets() + later.resets(), merged);
    }

    /** {@code aggregate} with its window replaced. */
    public static HistogramWindowAggregate rewindow(HistogramWindowAggregate a, long windowStartEpochMillis, long windowEndEpochMillis) {
        return new HistogramWindowAggregate(windowStartEpochMillis, windowEndEpochMillis, a.samples(), a.resets(), a.count(),
                a.sum(), a.scale(), a.zeroThreshold(), a.zeroCount(), a.positiveOffset(), a.positiveCounts(),
                a.negativeOffset(), a.negativeCounts(), a.p50(), a.p90(), a.p95(), a.p99());
    }

    /** The delta histogram a histogram rollup carries, rebuilt. */
    public static ExponentialHistogram delta(HistogramWindowAggregate a, int maxBuckets) {
        return ExponentialHistogram.builder()
                .maxBuckets(Math.max(maxBuckets, Math.max(a.positiveCounts().length, a.negativeCounts().length)))
                .scale(a.scale())
                .zeroThreshold(a.zeroThreshold())
                .zeroCount(a.zeroCount())
                .count(a.count())
                .sum(a.sum())
                .positive(a.positiveOffset(), a.positiveCounts())
                .negative(a.negativeOffset(), a.negativeCounts())
                .build();
    }

    /** The histogram rollup of one window whose merged delta is {@code delta}, quantiles computed from it. */
    static HistogramWindowAggregate aggregate(long windowStartEpochMillis, long windowEndEpochMillis, long samples, long resets,
            ExponentialHistogram delta) {
        double[] q = new double[HistogramWindowAggregate.QUANTILES.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = HistogramQuantile.quantile(delta, HistogramWindowAggregate.QUANTILES[i]);
        }
        return new HistogramWindowAggregate(windowStartEpochMillis, windowEndEpochMillis, samples, resets,
                delta.count(), delta.sum(), delta.scale(), delta.zeroThreshold(), delta.zeroCount(),
                delta.positive().offset(), delta.positive().toArray(),
                delta.negative().offset(), delta.negative().toArray(),
                q[0], q[1], q[2], q[3]);
    }

    private static void checkOrder(long earlierStart, long earlierEnd, long laterStart) {
        if (laterStart < earlierEnd) {
            throw new IllegalArgumentException("windows must be consecutive and in order: the later one starts at "
                    + laterStart + ", before the earlier one [" + earlierStart + ", " + earlierEnd + ") ends");
        }
    }
}
