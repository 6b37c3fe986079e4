package io.strata.operators.rollup;

import java.util.List;

/**
 * What both rollups do with their {@link OpenWindows}: find or open the window of a sample, give
 * the results of windows the watermark has passed, purge them. Subclasses say what a window
 * accumulates and what its result is. Not thread-safe.
 *
 * @param <W> what a window accumulates
 * @param <A> the result of one window
 */
abstract class OpenWindowRollup<W extends OpenWindows.Window, A extends WindowResult> implements WindowedSeriesRollup<A> {

    final long windowMillis;
    OpenWindows<W> open = new OpenWindows<>();

    OpenWindowRollup(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("windowMillis must be positive, got " + windowMillis);
        }
        this.windowMillis = windowMillis;
    }

    /** The result of {@code window} so far. */
    abstract A aggregate(W window);

    /** A new, empty window {@code [start, end)}. */
    abstract W newWindow(long start, long end);

    /** Closes and returns, oldest first, every open window that ends at or before the watermark. */
    public List<A> closeUpTo(long watermarkEpochMillis) {
        List<A> closed = aggregatesUpTo(watermarkEpochMillis);
        open.removeEndingBy(watermarkEpochMillis);
        return closed;
    }

    /**
     * The aggregates, oldest first, of the open windows that end at or before the watermark,
     * without closing them: with allowed lateness a window that has fired stays open for
     * corrections until {@link #purgeUpTo} removes it.
     */
    @Override
    public List<A> aggregatesUpTo(long watermarkEpochMillis) {
        return open.endingBy(watermarkEpochMillis, this::aggregate);
    }

    /** The aggregate so far of the open window holding {@code timestampEpochMillis}, or null if none is open. */
    @Override
    public A aggregateAt(long timestampEpochMillis) {
        W window = open.startingAt(SeriesRollup.windowStart(timestampEpochMillis, windowMillis));
        return window == null ? null : aggregate(window);
    }

    @Override
    public boolean hasWindowAt(long timestampEpochMillis) {
        return open.startingAt(SeriesRollup.windowStart(timestampEpochMillis, windowMillis)) != null;
    }

    /** Removes, without emitting, every open window that ends at or before {@code epochMillis}. */
    @Override
    public void purgeUpTo(long epochMillis) {
        open.removeEndingBy(epochMillis);
    }

    /** The end of the earliest open window, or {@link Long#MAX_VALUE} if none is open. */
    public long earliestOpenWindowEnd() {
        return open.earliestEnd();
    }

    @Override
    public boolean hasOpenWindows() {
        return !open.isEmpty();
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** The window holding {@code timestampEpochMillis}: the newest, or a new one after it (samples come in order). */
    W windowFor(long timestampEpochMillis) {
        long start = SeriesRollup.windowStart(timestampEpochMillis, windowMillis);
        W newest = open.newestStartingAt(start);
        return newest != null ? newest : open.append(newWindow(start, start + windowMillis));
    }
}
