package io.strata.pipeline.state;

import io.strata.pipeline.record.Rollup;

/**
 * One open coarser window of a cascaded rollup (5m from 1m, 1h from 5m): the finer results
 * folded so far, the newest finer result kept apart so that a correction of it can replace it,
 * and how many results the window has emitted. Part of the savepoint contract: do not rename,
 * move, or change field types.
 *
 * @param folded the merge of every finer result older than {@code latest}, or null if none
 * @param latest the newest finer result, as last (re-)emitted
 * @param emissions results emitted for this window so far (0 before it fires)
 */
public record CascadeWindow(Rollup folded, Rollup latest, int emissions) {}
