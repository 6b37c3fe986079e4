package io.strata.operators.rules;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One recording rule of a rule group: the series it records, its parsed expression, its extra
 * labels, its group's evaluation interval, and where it was written.
 *
 * @param labels the rule's {@code labels:}, added to (and overriding) the result's labels
 * @param line the 1-based line of the rule's {@code expr} in {@code file}
 */
public record RecordingRule(
        String record,
        String expr,
        RuleExpression expression,
        Map<String, String> labels,
        String group,
        long intervalMillis,
        String file,
        int line) implements Serializable {

    public RecordingRule {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(expression, "expression");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalMillis);
        }
    }
}
