package io.strata.operators.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every recording rule the job evaluates, numbered in file order, with an index from metric name
 * to the rules whose selector names it, so that matching a sample costs one map lookup for the
 * many series no rule reads. Immutable.
 */
public final class RuleSet implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final RuleSet EMPTY = new RuleSet(List.of());

    private final List<RecordingRule> rules;
    private final Map<String, int[]> rulesByMetric;
    private final long stepMillis;
    private final long maxRangeMillis;

    private RuleSet(List<RecordingRule> rules) {
        this.rules = List.copyOf(rules);
        Map<String, List<Integer>> byMetric = new HashMap<>();
        long step = 0;
        long maxRange = 0;
        for (int i = 0; i < this.rules.size(); i++) {
            RecordingRule rule = this.rules.get(i);
            byMetric.computeIfAbsent(rule.expression().selector().metricName(), m -> new ArrayList<>()).add(i);
            step = gcd(step, rule.intervalMillis());
            maxRange = Math.max(maxRange, rule.expression().rangeMillis());
        }
        Map<String, int[]> index = new HashMap<>();
        byMetric.forEach((metric, list) -> index.put(metric, list.stream().mapToInt(Integer::intValue).toArray()));
        this.rulesByMetric = index;
        this.stepMillis = step;
        this.maxRangeMillis = maxRange;
    }

    /** The rules of {@code groups}, in order. */
    public static RuleSet of(List<RuleGroup> groups) {
        List<RecordingRule> rules = new ArrayList<>();
        groups.forEach(g -> rules.addAll(g.rules()));
        return new RuleSet(rules);
    }

    public List<RecordingRule> rules() {
        return rules;
    }

    public RecordingRule rule(int index) {
        return rules.get(index);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The greatest common divisor of all evaluation intervals: every evaluation time of every
     * rule is a multiple of it. Zero without rules.
     */
    public long stepMillis() {
        return stepMillis;
    }

    /** The longest range any rule selects. */
    public long maxRangeMillis() {
        return maxRangeMillis;
    }

    /** Whether any rule reads the series {@code metric} with these labels. */
    public boolean matchesAny(String metric, String[] labelNames, String[] labelValues) {
        int[] candidates = metric == null ? null : rulesByMetric.get(metric);
        if (candidates == null) {
            return false;
        }
        for (int i : candidates) {
            if (rules.get(i).expression().selector().matches(metric, labelNames, labelValues)) {
                return true;
            }
        }
        return false;
    }

    /** The indices of the rules that read the series {@code metric} with these labels. */
    public int[] matching(String metric, String[] labelNames, String[] labelValues) {
        int[] candidates = metric == null ? null : rulesByMetric.get(metric);
        if (candidates == null) {
            return new int[0];
        }
        int[] out = new int[candidates.length];
        int n = 0;
        for (int i : candidates) {
            if (rules.get(i).expression().selector().matches(metric, labelNames, labelValues)) {
                out[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
