package io.strata.operators.series;

/** How a series' samples combine over time, which decides how it is rolled up. */
public enum MetricKind {
    /** A value that goes up and down; rolled up as min, max, sum, count, last. */
    GAUGE,
    /** A monotonic total that drops only on reset; rolled up as increase with resets. */
    COUNTER,
    /** A native (exponential) histogram sample. */
    HISTOGRAM;

    /**
     * The kind of a float series named {@code metricName} when the frame carried no metadata:
     * the OpenMetrics suffixes of counters and of the counter parts of classic histograms
     * ({@code _total}, {@code _count}, {@code _sum}, {@code _bucket}) mean counter; anything
     * else is a gauge.
     */
    public static MetricKind inferFromName(String metricName) {
        if (metricName.endsWith("_total")
                || metricName.endsWith("_count")
                || metricName.endsWith("_sum")
                || metricName.endsWith("_bucket")) {
            return COUNTER;
        }
        return GAUGE;
    }
}
