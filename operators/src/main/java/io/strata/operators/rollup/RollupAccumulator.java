package io.strata.operators.rollup;

import io.strata.operators.series.MetricKind;

/**
 * Accumulates one series' samples within one window. Samples must come in timestamp order;
 * {@link SeriesRollup} guarantees that. Not thread-safe.
 */
public final class RollupAccumulator {

    final long windowStartEpochMillis;
    final long windowEndEpochMillis;
    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double last;
    double increase;
    double firstRaw;
    long resets;

    RollupAccumulator(long windowStartEpochMillis, long windowEndEpochMillis) {
        this.windowStartEpochMillis = windowStartEpochMillis;
        this.windowEndEpochMillis = windowEndEpochMillis;
    }

    void add(double value, double step, boolean reset) {
        if (count == 0) {
            firstRaw = value;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        last = value;
        increase += step;
        if (reset) {
            resets++;
        }
    }

    WindowAggregate toAggregate(MetricKind kind) {
        return new WindowAggregate(
                kind, windowStartEpochMillis, windowEndEpochMillis, count, sum, min, max, last,
                increase, firstRaw, last, resets);
    }
}
