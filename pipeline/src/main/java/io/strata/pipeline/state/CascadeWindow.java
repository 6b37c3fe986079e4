package io.strata.pipeline.state;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;

/**
 * One open coarser window of a cascaded rollup (5m from 1m, 1h from 5m): the finer results
 * folded so far, the newest finer result kept apart so that a correction of it can replace it,
 * and how many results the window has emitted. A float series uses the two aggregates, a
 * native-histogram series the two histogram aggregates; the others are null. The series' labels
 * are kept once per series beside it ({@link SeriesIdentity}), not per window. Part of the
 * savepoint contract: do not rename, move, or change field types.
 *
 * @param folded the merge of every finer float result older than {@code latest}, or null
 * @param latest the newest finer float result, as last (re-)emitted, or null for a histogram series
 * @param emissions results emitted for this window so far (0 before it fires)
 */
public record CascadeWindow(
        WindowAggregate folded,
        WindowAggregate latest,
        HistogramWindowAggregate foldedHistogram,
        HistogramWindowAggregate latestHistogram,
        int emissions) {

    /** Where the newest finer result starts. */
    public long latestStartEpochMillis() {
        return latest != null ? latest.windowStartEpochMillis() : latestHistogram.windowStartEpochMillis();
    }

    public CascadeWindow withEmissions(int emissions) {
        return new CascadeWindow(folded, latest, foldedHistogram, latestHistogram, emissions);
    }
}
