package io.strata.pipeline.decode;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;

/**
 * One series' labels as decoded and checked once, kept by {@link LabelSetCache} for the frames
 * that repeat them: sorted parallel arrays without empty-valued labels, the series id and the
 * metric's kind by name, or why the label set is malformed.
 *
 * @param wire the series' label fields as read (tag, length and message of each), to compare a hit
 * @param invalid why the set is malformed, or {@code null}
 */
record LabelSet(
        byte[] wire, String[] names, String[] values, long seriesId, String metric, MetricKind kind,
        RejectReason invalid, String invalidDetail) {

    boolean isValid() {
        return invalid == null;
    }
}
