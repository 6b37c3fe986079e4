package io.strata.operators.rollup;

import io.strata.operators.series.MetricKind;

/**
 * The rollup of one series over one epoch-aligned window {@code [windowStart, windowEnd)}.
 *
 * <p>For gauges and counters alike {@code min}, {@code max}, {@code sum} and {@code last} are
 * over the raw values in the window. For counters {@code increase} is the sum of the steps
 * between consecutive samples whose later sample falls in the window (a drop is a reset whose
 * step is the new value), {@code firstRaw}/{@code lastRaw} are the first and last raw values in
 * the window and {@code resets} counts the drops; for gauges these four are not meaningful.
 */
public record WindowAggregate(
        MetricKind kind,
        long windowStartEpochMillis,
        long windowEndEpochMillis,
        long count,
        double sum,
        double min,
        double max,
        double last,
        double increase,
        double firstRaw,
        double lastRaw,
        long resets) implements WindowResult {

    public boolean isCounter() {
        return kind == MetricKind.COUNTER;
    }
}
