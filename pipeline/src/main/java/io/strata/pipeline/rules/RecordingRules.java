package io.strata.pipeline.rules;

import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.Uids;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Wires the recording rules: the samples some rule reads → per-series range functions at each
 * evaluation time (keyed by tenant and series id) → per-group aggregation or quantile (keyed by tenant,
 * rule and group) → one sample per rule, group and evaluation time, named by the rule's {@code
 * record}.
 */
public final class RecordingRules {

    private RecordingRules() {}

    /** The rule results computed from {@code accepted}, or null when there are no rules. */
    public static DataStream<Sample> results(DataStream<Sample> accepted, RuleSet rules) {
        if (rules.isEmpty()) {
            return null;
        }
        DataStream<RulePartial> partials = accepted
                .filter(sample -> rules.matchesAny(sample.metricName(), sample.labelNames(), sample.labelValues()))
                .name("rule series")
                .uid(Uids.RULE_SERIES_FILTER)
                .keyBy(new SeriesKey())
                .process(new RuleSeriesFunction(rules))
                .name("rule range functions")
                .uid(Uids.RULE_SERIES);
        return partials
                .keyBy(RulePartial::aggregationKey)
                .process(new RuleAggregateFunction(rules))
                .name("rule aggregation")
                .uid(Uids.RULE_AGGREGATE);
    }
}
