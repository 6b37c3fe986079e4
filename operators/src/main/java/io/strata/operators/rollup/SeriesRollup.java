package io.strata.operators.rollup;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.StaleMarker;
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
public final class SeriesRollup extends OpenWindowRollup<RollupAccumulator, WindowAggregate> {

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


    private final MetricKind kind;
    private boolean hasLast;
    private long lastTimestampEpochMillis;
    private double lastValue;

    public SeriesRollup(long windowMillis, MetricKind kind) {
        super(windowMillis);
        if (kind == MetricKind.HISTOGRAM) {
            throw new IllegalArgumentException("SeriesRollup rolls up float series, not histograms");
        }
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

    /** The timestamp of the newest sample added, or {@link Long#MIN_VALUE} before the first. */
    @Override
    public long lastTimestampEpochMillis() {
        return hasLast ? lastTimestampEpochMillis : Long.MIN_VALUE;
    }

    @Override
    WindowAggregate aggregate(RollupAccumulator window) {
        return window.toAggregate(kind);
    }

    @Override
    RollupAccumulator newWindow(long start, long end) {
        return new RollupAccumulator(start, end);
    }

    public MetricKind kind() {
        return kind;
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
        return new State(windowMillis, kind, hasLast, lastTimestampEpochMillis, lastValue, open.map(RollupAccumulator::state));
    }

    public static SeriesRollup fromState(State state) {
        SeriesRollup rollup = new SeriesRollup(state.windowMillis(), state.kind());
        rollup.hasLast = state.hasLast();
        rollup.lastTimestampEpochMillis = state.lastTimestampEpochMillis();
        rollup.lastValue = state.lastValue();
        rollup.open = OpenWindows.of(state.open(), RollupAccumulator::fromState);
        return rollup;
    }

    /** A deep copy, for state backends that copy on access. */
    public SeriesRollup copy() {
        SeriesRollup copy = new SeriesRollup(windowMillis, kind);
        copy.hasLast = hasLast;
        copy.lastTimestampEpochMillis = lastTimestampEpochMillis;
        copy.lastValue = lastValue;
        copy.open = open.copy(RollupAccumulator::copy);
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
                && open.map(a -> a.toAggregate(kind)).equals(other.open.map(a -> a.toAggregate(other.kind)));
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastTimestampEpochMillis) * 31 + open.size();
    }
}
