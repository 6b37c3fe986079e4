package io.strata.operators.rules;

/** The aggregation operators a recording rule may apply across series. */
public enum Aggregation {
    SUM,
    MIN,
    MAX,
    AVG,
    COUNT;

    /** The PromQL keyword. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
