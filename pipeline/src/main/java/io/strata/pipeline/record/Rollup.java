package io.strata.pipeline.record;

import io.strata.operators.rollup.WindowAggregate;
import java.util.Arrays;

/** The rollup of one series over one window, with the series' identity. */
public record Rollup(
        String tenant,
        long seriesId,
        String[] labelNames,
        String[] labelValues,
        String resolution,
        WindowAggregate aggregate) {

    public String metricName() {
        return Labels.metricName(labelNames, labelValues);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rollup r
                && tenant.equals(r.tenant)
                && seriesId == r.seriesId
                && Arrays.equals(labelNames, r.labelNames)
                && Arrays.equals(labelValues, r.labelValues)
                && resolution.equals(r.resolution)
                && aggregate.equals(r.aggregate);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seriesId) * 31 + aggregate.hashCode();
    }

    @Override
    public String toString() {
        return "Rollup{" + Labels.format(labelNames, labelValues) + " " + resolution + " " + aggregate + '}';
    }
}
