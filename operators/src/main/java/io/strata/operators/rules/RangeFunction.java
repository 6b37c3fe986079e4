package io.strata.operators.rules;

/** The range-vector functions a recording rule may apply to each series. */
public enum RangeFunction {
    RATE("rate", true),
    INCREASE("increase", true),
    MIN_OVER_TIME("min_over_time", false),
    MAX_OVER_TIME("max_over_time", false),
    SUM_OVER_TIME("sum_over_time", false),
    AVG_OVER_TIME("avg_over_time", false),
    COUNT_OVER_TIME("count_over_time", false),
    LAST_OVER_TIME("last_over_time", false);

    private final String keyword;
    private final boolean counterFunction;

    RangeFunction(String keyword, boolean counterFunction) {
        this.keyword = keyword;
        this.counterFunction = counterFunction;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether this is {@code rate} or {@code increase}, which read a counter (and native histograms). */
    public boolean isCounterFunction() {
        return counterFunction;
    }

    /** The function called {@code keyword}, or null. */
    public static RangeFunction ofKeyword(String keyword) {
        for (RangeFunction f : values()) {
            if (f.keyword.equals(keyword)) {
                return f;
            }
        }
        return null;
    }

    /** Minimum number of samples in the range for a result: two for the counter functions, else one. */
    public int minSamples() {
        return counterFunction ? 2 : 1;
    }
}
