package io.strata.operators.rollup;

import java.util.List;

/**
 * One series rolled up into epoch-aligned windows that stay open until purged, whatever the
 * sample type: {@link SeriesRollup} for floats, {@link HistogramSeriesRollup} for native
 * histograms. Not thread-safe.
 *
 * @param <A> the result of one window
 */
public interface WindowedSeriesRollup<A extends WindowResult> {

    /** The results of the open windows that end at or before {@code watermarkEpochMillis}, oldest first. */
    List<A> aggregatesUpTo(long watermarkEpochMillis);

    /** The current result of the open window holding {@code timestampEpochMillis}. */
    A aggregateAt(long timestampEpochMillis);

    /** Whether a window holding {@code timestampEpochMillis} is open. */
    boolean hasWindowAt(long timestampEpochMillis);

    /** Drops the open windows that end at or before {@code epochMillis}. */
    void purgeUpTo(long epochMillis);

    boolean hasOpenWindows();

    /** The timestamp of the newest sample added, or {@link Long#MIN_VALUE} before the first. */
    long lastTimestampEpochMillis();
}
