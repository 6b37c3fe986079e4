package io.strata.pipeline.rollup;

import io.strata.pipeline.record.Series;
import io.strata.pipeline.state.SeriesIdentity;

/**
 * The {@link Series} a rollup stage names its results with, made once per stored identity rather
 * than once per result, so that the results of a series share it (and its encoded labels) on
 * their way to the next stages. Direct-mapped by series id; a slot holds the series of the very
 * identity arrays it was made from. Not thread-safe: one per function instance.
 */
final class IdentitySeries {

    private static final int SLOTS = 1 << 14;

    private final Series[] slots = new Series[SLOTS];

    Series of(SeriesIdentity identity, long seriesId) {
        int slot = (int) (seriesId ^ (seriesId >>> 32)) & (SLOTS - 1);
        Series series = slots[slot];
        if (series == null || series.id() != seriesId || series.names() != identity.labelNames()
                || series.values() != identity.labelValues() || !series.tenant().equals(identity.tenant())) {
            series = new Series(identity.tenant(), seriesId, identity.labelNames(), identity.labelValues());
            slots[slot] = series;
        }
        return series;
    }
}
