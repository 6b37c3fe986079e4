package io.strata.operators.rollup;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.StaleMarker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rolls one float series up into tumbling windows aligned to the epoch, carrying the counter's
 * last raw value across windows so that consecutive windows' increases add up exactly.
 *
 * <p>Samples must come in timestamp order ({@link #add} says when one does not). Windows stay
 * open until {@link #closeUpTo} is called with a watermark at or past their end, or, with allowed
 * lateness, are read with {@link #aggregatesUpTo} when they fire and removed with {@link
 * #purgeUpTo} once their lateness has passed (a sample reaching one meanwhile updates it). A series
 * usually has one open window, two while the watermark trails the window boundary. Not
 * thread-safe.
 */
public final class SeriesRollup implements WindowedSeriesRollup<WindowAggregate> {

    /** What {@link #add} did with a sample. */
    public enum AddOutcome {
        ADDED,
        /** Same timestamp as the previous sample of the series: ignored. */
        DUPLICATE_TIMESTAMP,
        /** Older than the previous sample of the series: ignored. */
        OUT_OF_ORDER,
        /** A staleness marker ({@link StaleMarker}): not a value and not a reset, ignored. */
        STALE_MARKER
    }

    private static final RollupAccumulator[] NO_WINDOWS = new RollupAccumulator[0];

    private final long windowMillis;
    private final MetricKind kind;
    private boolean hasLast;
    private long lastTimestampEpochMillis;
    private double lastValue;
    private RollupAccumulator[] open = NO_WINDOWS;

    public SeriesRollup(long windowMillis, MetricKind kind) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive, got " + windowMillis);
        }
        if (kind == MetricKind.HISTOGRAM) {
            throw new IllegalArgumentException("SeriesRollup rolls up float series, not histograms");
        }
        this.windowMillis = windowMillis;
        this.kind = kind;
    }

    /** The start of the window holding {@code timestampEpochMillis}. */
    public static long windowStart(long timestampEpochMillis, long windowMillis) {
        return Math.floorDiv(timestampEpochMillis, windowMillis) * windowMillis;
    }

    public AddOutcome add(long timestampEpochMillis, double value) {
        if (StaleMarker.isStaleMarker(value)) {
            // As PromQL drops it from range vectors: the next value is compared with the one before it.
            return AddOutcome.STALE_MARKER;
        }
        if (hasLast && timestampEpochMillis <= lastTimestampEpochMillis) {
            return timestampEpochMillis == lastTimestampEpochMillis
                    ? AddOutcome.DUPLICATE_TIMESTAMP
                    : AddOutcome.OUT_OF_ORDER;
        }
        double step = 0;
        boolean reset = false;
        if (kind == MetricKind.COUNTER && hasLast) {
            reset = value < lastValue;
            step = reset ? value : value - lastValue;
        }
        windowFor(timestampEpochMillis).add(value, step, reset);
        hasLast = true;
        lastTimestampEpochMillis = timestampEpochMillis;
        lastValue = value;
        return AddOutcome.ADDED;
    }

    /** Closes and returns, oldest first, every open window that ends at or before the watermark. */
    public List<WindowAggregate> closeUpTo(long watermarkEpochMillis) {
        int closed = 0;
        while (closed < open.length && open[closed].windowEndEpochMillis <= watermarkEpochMillis) {
            closed++;
        }
        if (closed == 0) {
            return List.of();
        }
        List<WindowAggregate> result = new ArrayList<>(closed);
        for (int i = 0; i < closed; i++) {
            result.add(open[i].toAggregate(kind));
        }
        open = closed == open.length ? NO_WINDOWS : Arrays.copyOfRange(open, closed, open.length);
        return result;
    }

    /**
     * The aggregates, oldest first, of the open windows that end at or before the watermark,
     * without closing them: with allowed lateness a window that has fired stays open for
     * corrections until {@link #purgeUpTo} removes it.
     */
    @Override
    public List<WindowAggregate> aggregatesUpTo(long watermarkEpochMillis) {
        List<WindowAggregate> result = new ArrayList<>();
        for (int i = 0; i < open.length && open[i].windowEndEpochMillis <= watermarkEpochMillis; i++) {
            result.add(open[i].toAggregate(kind));
        }
        return result;
    }

    /** The aggregate so far of the open window holding {@code timestampEpochMillis}, or null if none is open. */
    @Override
    public WindowAggregate aggregateAt(long timestampEpochMillis) {
        long start = SeriesRollup.windowStart(timestampEpochMillis, windowMillis);
        for (int i = open.length - 1; i >= 0; i--) {
            if (open[i].windowStartEpochMillis == start) {
                return open[i].toAggregate(kind);
            }
        }
        return null;
    }

    @Override
    public boolean hasWindowAt(long timestampEpochMillis) {
        long start = SeriesRollup.windowStart(timestampEpochMillis, windowMillis);
        for (int i = open.length - 1; i >= 0; i--) {
            if (open[i].windowStartEpochMillis == start) {
                return true;
            }
        }
        return false;
    }

    /** Removes, without emitting, every open window that ends at or before {@code epochMillis}. */
    @Override
    public void purgeUpTo(long epochMillis) {
        int closed = 0;
        while (closed < open.length && open[closed].windowEndEpochMillis <= epochMillis) {
            closed++;
        }
        if (closed > 0) {
            open = closed == open.length ? NO_WINDOWS : Arrays.copyOfRange(open, closed, open.length);
        }
    }

    /** The end of the earliest open window, or {@link Long#MAX_VALUE} if none is open. */
    public long earliestOpenWindowEnd() {
        return open.length == 0 ? Long.MAX_VALUE : open[0].windowEndEpochMillis;
    }

    /** The timestamp of the newest sample added, or {@link Long#MIN_VALUE} before the first. */
    @Override
    public long lastTimestampEpochMillis() {
        return hasLast ? lastTimestampEpochMillis : Long.MIN_VALUE;
    }

    @Override
    public boolean hasOpenWindows() {
        return open.length > 0;
    }

    public MetricKind kind() {
        return kind;
    }

    private RollupAccumulator windowFor(long timestampEpochMillis) {
        long start = windowStart(timestampEpochMillis, windowMillis);
        // In-order samples only ever need the newest open window or a new one after it.
        if (open.length > 0 && open[open.length - 1].windowStartEpochMillis == start) {
            return open[open.length - 1];
        }
        RollupAccumulator created = new RollupAccumulator(start, start + windowMillis);
        open = Arrays.copyOf(open, open.length + 1);
        open[open.length - 1] = created;
        return created;
    }

    /**
     * One open window as the state serializer stores it ({@code pipeline.state}); the order of the
     * components is the layout's.
     */
    public record WindowState(long windowStartEpochMillis, long windowEndEpochMillis, long count, double sum, double min,
            double max, double last, double increase, double firstRaw, long resets) {}

    /** This rollup's state as the state serializer stores it; {@link #fromState} restores it. */
    public record State(long windowMillis, MetricKind kind, boolean hasLast, long lastTimestampEpochMillis, double lastValue,
            List<WindowState> open) {}

    public State state() {
        WindowState[] windows = new WindowState[open.length];
        for (int i = 0; i < open.length; i++) {
            RollupAccumulator a = open[i];
            windows[i] = new WindowState(a.windowStartEpochMillis, a.windowEndEpochMillis, a.count, a.sum, a.min, a.max,
                    a.last, a.increase, a.firstRaw, a.resets);
        }
        return new State(windowMillis, kind, hasLast, lastTimestampEpochMillis, lastValue, List.of(windows));
    }

    public static SeriesRollup fromState(State state) {
        SeriesRollup rollup = new SeriesRollup(state.windowMillis(), state.kind());
        rollup.hasLast = state.hasLast();
        rollup.lastTimestampEpochMillis = state.lastTimestampEpochMillis();
        rollup.lastValue = state.lastValue();
        rollup.open = state.open().isEmpty() ? NO_WINDOWS : new RollupAccumulator[state.open().size()];
        for (int i = 0; i < rollup.open.length; i++) {
            WindowState w = state.open().get(i);
            RollupAccumulator a = new RollupAccumulator(w.windowStartEpochMillis(), w.windowEndEpochMillis());
            a.count = w.count();
            a.sum = w.sum();
            a.min = w.min();
            a.max = w.max();
            a.last = w.last();
            a.increase = w.increase();
            a.firstRaw = w.firstRaw();
            a.resets = w.resets();
            rollup.open[i] = a;
        }
        return rollup;
    }

    /** A deep copy, for state backends that copy on access. */
    public SeriesRollup copy() {
        SeriesRollup copy = new SeriesRollup(windowMillis, kind);
        copy.hasLast = hasLast;
        copy.lastTimestampEpochMillis = lastTimestampEpochMillis;
        copy.lastValue = lastValue;
        copy.open = new RollupAccumulator[open.length];
        for (int i = 0; i < open.length; i++) {
            RollupAccumulator a = open[i];
            RollupAccumulator c = new RollupAccumulator(a.windowStartEpochMillis, a.windowEndEpochMillis);
            c.count = a.count;
            c.sum = a.sum;
            c.min = a.min;
            c.max = a.max;
            c.last = a.last;
            c.increase = a.increase;
            c.firstRaw = a.firstRaw;
            c.resets = a.resets;
            copy.open[i] = c;
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesRollup other)) {
            return false;
        }
        return windowMillis == other.windowMillis
                && kind == other.kind
                && hasLast == other.hasLast
                && lastTimestampEpochMillis == other.lastTimestampEpochMillis
                && Double.compare(lastValue, other.lastValue) == 0
                && Arrays.equals(
                        Arrays.stream(open).map(a -> a.toAggregate(kind)).toArray(),
                        Arrays.stream(other.open).map(a -> a.toAggregate(other.kind)).toArray());
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastTimestampEpochMillis) * 31 + open.length;
    }
}
