package io.strata.operators.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramDelta;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.series.StaleMarker;
import java.util.List;

/**
 * Rolls one native-histogram series up into tumbling windows aligned to the epoch: each window
 * merges the reset-aware deltas ({@link HistogramDelta}) between consecutive cumulative samples
 * whose later sample falls in it, carrying the previous cumulative histogram across windows so
 * that consecutive windows add up exactly, as {@link SeriesRollup} does for counters. The first
 * sample of a series contributes no step.
 *
 * <p>Samples must come in timestamp order ({@link #add} says when one does not). Windows stay
 * open until {@link #closeUpTo} is called with a watermark at or past their end, or, with allowed
 * lateness, are read with {@link #aggregatesUpTo} when they fire and removed with {@link
 * #purgeUpTo} once their lateness has passed (a sample reaching one meanwhile updates it). A {@link
 * ResetHint#NO} hint that the data contradicts counts as a reset: the difference would have
 * negative counts, which no rollup can use. A staleness marker (sum {@link StaleMarker#STALE_NAN})
 * is skipped: it is neither a value nor a reset. Gauge histograms ({@link ResetHint#GAUGE}) are
 * treated as counters, as {@link HistogramDelta} does. Not thread-safe.
 */
public final class HistogramSeriesRollup extends OpenWindowRollup<HistogramSeriesRollup.Window, HistogramWindowAggregate> {

    private final int maxBuckets;
    private long lastTimestampEpochMillis;
    /** The previous cumulative sample, null before the first. */
    private ExponentialHistogram previous;
    /** Receives each step before it is merged into its window; not state. */
    private ExponentialHistogram scratch;

    /**
     * @param maxBuckets bucket limit per sign of the windows' merged deltas; a wider delta lowers
     *     its scale, as {@link ExponentialHistogram#merge} does
     */
    public HistogramSeriesRollup(long windowMillis, int maxBuckets) {
        super(windowMillis);
        if (maxBuckets < ExponentialHistogram.MIN_MAX_BUCKETS || maxBuckets > ExponentialHistogram.MAX_MAX_BUCKETS) {
            throw new IllegalArgumentException("maxBuckets is " + maxBuckets + "; expected "
                    + ExponentialHistogram.MIN_MAX_BUCKETS + ".." + ExponentialHistogram.MAX_MAX_BUCKETS);
        }
        this.maxBuckets = maxBuckets;
    }

    /**
     * Adds the cumulative histogram {@code cumulative} observed at {@code timestampEpochMillis}.
     * {@code cumulative} is not kept: the caller may reuse it.
     */
    public AddOutcome add(long timestampEpochMillis, ExponentialHistogram cumulative, ResetHint hint) {
        if (StaleMarker.isStaleMarker(cumulative.sum())) {
            // Its zero count would otherwise read as a reset and the next sample as everything since.
            return AddOutcome.STALE_MARKER;
        }
        if (previous != null && timestampEpochMillis <= lastTimestampEpochMillis) {
            return timestampEpochMillis == lastTimestampEpochMillis
                    ? AddOutcome.DUPLICATE_TIMESTAMP
                    : AddOutcome.OUT_OF_ORDER;
        }
        // The step is computed before anything changes, so a histogram it throws on leaves no trace.
        ExponentialHistogram step = null;
        boolean reset = false;
        if (previous != null) {
            ResetHint effective = hint == ResetHint.NO && HistogramDelta.isReset(cumulative, previous, ResetHint.UNKNOWN)
                    ? ResetHint.YES
                    : hint;
            step = scratchFor(cumulative);
            reset = HistogramDelta.delta(cumulative, previous, effective, step);
        }
        Window window = windowFor(timestampEpochMillis);
        window.samples++;
        if (step != null) {
            if (reset) {
                window.resets++;
            }
            window.delta.merge(step);
        }
        previous = copyInto(previous, cumulative);
        lastTimestampEpochMillis = timestampEpochMillis;
        return AddOutcome.ADDED;
    }

    /** The timestamp of the newest sample added, or {@link Long#MIN_VALUE} before the first. */
    @Override
    public long lastTimestampEpochMillis() {
        return previous != null ? lastTimestampEpochMillis : Long.MIN_VALUE;
    }

    @Override
    HistogramWindowAggregate aggregate(Window window) {
        return window.toAggregate();
    }

    @Override
    Window newWindow(long start, long end) {
        return new Window(start, end, ExponentialHistogram.create(maxBuckets));
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    private ExponentialHistogram scratchFor(ExponentialHistogram cumulative) {
        if (scratch == null || scratch.maxBuckets() < cumulative.maxBuckets()) {
            scratch = ExponentialHistogram.create(cumulative.maxBuckets());
        }
        return scratch;
    }

    private static ExponentialHistogram copyInto(ExponentialHistogram into, ExponentialHistogram from) {
        if (into == null || into.maxBuckets() < from.maxBuckets()) {
            // Resetting to its own scale and threshold, as a built histogram does: the state serializer
            // then writes no reset fields for it, whatever scratch histogram the caller decoded into.
            into = ExponentialHistogram.builder().maxBuckets(from.maxBuckets()).scale(from.scale())
                    .zeroThreshold(from.zeroThreshold()).build();
        }
        into.copyFrom(from);
        return into;
    }

    /**
     * One open window as the state serializer stores it ({@code pipeline.state}); the order of the
     * components is the layout's. Its histogram is the rollup's own, not a copy.
     */
    public record WindowState(long windowStartEpochMillis, long windowEndEpochMillis, long samples, long resets,
            ExponentialHistogram delta) {}

    /**
     * This rollup's state as the state serializer stores it; {@link #fromState} restores it. The
     * histograms are the rollup's own, not copies; {@code lastTimestampEpochMillis} counts only
     * with a {@code previous} histogram.
     */
    public record State(long windowMillis, int maxBuckets, ExponentialHistogram previous, long lastTimestampEpochMillis,
            List<WindowState> open) {}

    public State state() {
        return new State(windowMillis, maxBuckets, previous, lastTimestampEpochMillis,
                open.map(w -> new WindowState(w.windowStartEpochMillis, w.windowEndEpochMillis, w.samples, w.resets, w.delta)));
    }

    /** The rollup of {@code state}, which it takes over (its histograms included). */
    public static HistogramSeriesRollup fromState(State state) {
        HistogramSeriesRollup rollup = new HistogramSeriesRollup(state.windowMillis(), state.maxBuckets());
        if (state.previous() != null) {
            rollup.lastTimestampEpochMillis = state.lastTimestampEpochMillis();
            rollup.previous = state.previous();
        }
        rollup.open = OpenWindows.of(state.open(), Window::fromState);
        return rollup;
    }

    /** A deep copy, for state backends that copy on access. */
    public HistogramSeriesRollup copy() {
        HistogramSeriesRollup copy = new HistogramSeriesRollup(windowMillis, maxBuckets);
        copy.lastTimestampEpochMillis = lastTimestampEpochMillis;
        copy.previous = previous == null ? null : previous.copy();
        copy.open = open.copy(Window::copy);
        return copy;
    }

    @Override
    public String toString() {
        return "HistogramSeriesRollup{windowMillis=" + windowMillis + ", last=" + lastTimestampEpochMillis
                + ", previous=" + previous + ", open=" + open + '}';
    }

    /** One open window: its merged delta and what it counted. */
    static final class Window extends OpenWindows.Window {
        long samples;
        long resets;
        final ExponentialHistogram delta;

        Window(long windowStartEpochMillis, long windowEndEpochMillis, ExponentialHistogram delta) {
            super(windowStartEpochMillis, windowEndEpochMillis);
            this.delta = delta;
        }

        static Window fromState(WindowState state) {
            Window window = new Window(state.windowStartEpochMillis(), state.windowEndEpochMillis(), state.delta());
            window.samples = state.samples();
            window.resets = state.resets();
            return window;
        }

        Window copy() {
            Window copy = new Window(windowStartEpochMillis, windowEndEpochMillis, delta.copy());
            copy.samples = samples;
            copy.resets = resets;
            return copy;
        }

        HistogramWindowAggregate toAggregate() {
            return RollupMerge.aggregate(windowStartEpochMillis, windowEndEpochMillis, samples, resets, delta);
        }

        @Override
        public String toString() {
            return "[" + windowStartEpochMillis + ", " + windowEndEpochMillis + ") samples=" + samples
                    + " resets=" + resets + " delta=" + delta;
        }
    }
}
