package io.strata.operators.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A parsed recording-rule expression of the supported subset:
 * {@code <aggregation> by (<grouping>) (<function>(<selector>[<range>]))}, optionally wrapped in
 * {@code histogram_quantile(<quantile>, ...)}.
 *
 * @param quantile the φ of {@code histogram_quantile}, or NaN for a plain aggregation
 * @param grouping the {@code by} labels, as written ({@code le} included for classic histograms)
 */
public record RuleExpression(
        double quantile,
        Aggregation aggregation,
        List<String> grouping,
        RangeFunction function,
        SeriesSelector selector,
        long rangeMillis) implements Serializable {

    /** The label PromQL's classic histograms carry their bucket bound in. */
    public static final String BUCKET_LABEL = "le";

    public RuleExpression {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(selector, "selector");
        grouping = List.copyOf(grouping);
        if (rangeMillis <= 0) {
            throw new IllegalArgumentException("range must be positive: " + rangeMillis);
        }
    }

    public boolean isHistogramQuantile() {
        return !Double.isNaN(quantile);
    }

    /**
     * Whether float series are read as classic histogram buckets: a {@code histogram_quantile}
     * whose grouping keeps {@code le} (without it, PromQL's {@code histogram_quantile} ignores
     * float samples, having no bucket bound).
     */
    public boolean readsClassicBuckets() {
        return isHistogramQuantile() && grouping.contains(BUCKET_LABEL);
    }

    /** The labels of the result: the grouping, without {@code le} for a quantile. */
    public List<String> outputLabels() {
        if (!isHistogramQuantile()) {
            return grouping;
        }
        return grouping.stream().filter(l -> !l.equals(BUCKET_LABEL)).toList();
    }
}
