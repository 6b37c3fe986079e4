package io.strata.pipeline.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One series' part of one recording rule's result at one evaluation time: the series' range
 * function value (e.g. its rate), or its rate histogram for a native-histogram quantile, tagged
 * with where it is aggregated (tenant, rule, the values of the rule's output labels).
 *
 * @param rule the rule's index in the job's {@code RuleSet}
 * @param group the series' values of the rule's output labels, in the rule's order ("" if absent)
 * @param bucketBound the series' {@code le} bound for a classic histogram quantile, else NaN
 * @param histogram the rate histogram for a native histogram quantile, else null
 */
public record RulePartial(
        String tenant,
        int rule,
        String[] group,
        long timestampEpochMillis,
        long seriesId,
        double bucketBound,
        double value,
        NativeHistogram histogram) {

    /** The key of the aggregation this partial belongs to: tenant, rule and group. */
    public String aggregationKey() {
        StringBuilder key = new StringBuilder(tenant).append('\u0000').append(rule);
        for (String value : group) {
            key.append('\u0000').append(value);
        }
        return key.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RulePartial p
                && tenant.equals(p.tenant)
                && rule == p.rule
                && Arrays.equals(group, p.group)
                && timestampEpochMillis == p.timestampEpochMillis
                && seriesId == p.seriesId
                && Double.compare(bucketBound, p.bucketBound) == 0
                && Double.compare(value, p.value) == 0
                && Objects.equals(histogram, p.histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seriesId) * 31 + Long.hashCode(timestampEpochMillis);
    }

    @Override
    public String toString() {
        return "RulePartial{rule=" + rule + ", tenant=" + tenant + ", group=" + Arrays.toString(group) + " @"
                + timestampEpochMillis + ", series=" + seriesId + ", le=" + bucketBound + " = "
                + (histogram != null ? histogram : value) + '}';
    }
}
