package io.strata.operators.rules;

import java.io.Serializable;
import java.util.List;

/** A Prometheus rule group: its name, evaluation interval and recording rules, in file order. */
public record RuleGroup(String name, long intervalMillis, List<RecordingRule> rules) implements Serializable {

    public RuleGroup {
        rules = List.copyOf(rules);
    }
}
