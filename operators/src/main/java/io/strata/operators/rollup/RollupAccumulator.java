package io.strata.operators.rollup;

import io.strata.operators.series.MetricKind;

/**
 * Accumulates one series' samples within one window. Samples must come in timestamp order;
 * {@link SeriesRollup} guarantees that. Not thread-safe.
 */
final class RollupAccumulator extends OpenWindows.Window {

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double last;
    private double increase;
    private double firstRaw;
    private long resets;

    RollupAccumulator(long windowStartEpochMillis, long windowEndEpochMillis) {
        super(windowStartEpochMillis, windowEndEpochMillis);
    }

    static RollupAccumulator fromState(SeriesRollup.WindowState state) {
        RollupAccumulator a = new RollupAccumulator(state.windowStartEpochMillis(), state.windowEndEpochMillis());
        a.count = state.count();
        a.sum = state.sum();
        a.min = state.min();
        a.max = state.max();
        a.last = state.last();
        a.increase = state.increase();
        a.firstRaw = state.firstRaw();
        a.resets = state.resets();
        return a;
    }

    SeriesRollup.WindowState state() {
        return new SeriesRollup.WindowState(windowStartEpochMillis, windowEndEpochMillis, count, sum, min, max, last, increase,
                firstRaw, resets);
    }

    RollupAccumulator copy() {
        return fromState(state());
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
