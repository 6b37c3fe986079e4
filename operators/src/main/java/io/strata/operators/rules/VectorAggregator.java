package io.strata.operators.rules;

/**
 * Folds the per-series values of one group at one evaluation time into {@code sum}, {@code min},
 * {@code max}, {@code avg} or {@code count}, as Prometheus v2.42.0's {@code aggregation} in
 * {@code promql/engine.go} does: plain summation (no Kahan compensation in 2.42's aggregation
 * operators), an incremental mean for {@code avg} that keeps infinities, and NaN replaced by any
 * later value for {@code min} and {@code max}. Mutable; one instance per group and time.
 */
public final class VectorAggregator {

    private final Aggregation aggregation;
    private double value;
    private double mean;
    private long count;

    public VectorAggregator(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public void add(double v) {
        count++;
        if (count == 1) {
            value = v;
            mean = v;
            return;
        }
        switch (aggregation) {
            case SUM -> value += v;
            case MIN -> {
                if (value > v || Double.isNaN(value)) {
                    value = v;
                }
            }
            case MAX -> {
                if (value < v || Double.isNaN(value)) {
                    value = v;
                }
            }
            case AVG -> {
                if (Double.isInfinite(mean)) {
                    if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                        return;
                    }
                    if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                        return;
                    }
                }
                // Divided on each side of the minus to avoid overflow, as 2.42 does.
                mean += v / count - mean / count;
            }
            case COUNT -> {
            }
        }
    }

    /** Whether anything was added: an empty group has no result. */
    public boolean isEmpty() {
        return count == 0;
    }

    public double result() {
        return switch (aggregation) {
            case SUM, MIN, MAX -> value;
            case AVG -> mean;
            case COUNT -> count;
        };
    }
}
