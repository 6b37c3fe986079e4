package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleFileParserTest {

    /** The platform's group from the design card ("Recording rules"). */
    static final String GAMEPLAY = """
            groups:
            - name: gameplay_rollups
              interval: 30s
              rules:
              - record: :gameplay:tick_p95
                expr: histogram_quantile(0.95, sum by (le,region,queue) (rate(gameplay_tick_time_seconds_bucket[5m])))
              - record: :gameplay:ack_p99
                expr: histogram_quantile(0.99, sum by (le,region,queue) (rate(action_ack_latency_seconds_bucket[5m])))
            """;

    @Test
    void parse_platformGroup() {
        List<RuleGroup> groups = RuleFileParser.parse("gameplay.yaml", GAMEPLAY);
        assertThat(groups).hasSize(1);
        RuleGroup group = groups.get(0);
        assertThat(group.name()).isEqualTo("gameplay_rollups");
        assertThat(group.intervalMillis()).isEqualTo(30_000);
        assertThat(group.rules()).extracting(RecordingRule::record).containsExactly(":gameplay:tick_p95", ":gameplay:ack_p99");
        RecordingRule ack = group.rules().get(1);
        assertThat(ack.line()).isEqualTo(8);
        assertThat(ack.file()).isEqualTo("gameplay.yaml");
        assertThat(ack.intervalMillis()).isEqualTo(30_000);
        assertThat(ack.expression().quantile()).isEqualTo(0.99);
        assertThat(ack.expression().selector().metricName()).isEqualTo("action_ack_latency_seconds_bucket");
    }

    @Test
    void parse_labelsAndDefaultInterval() {
        List<RuleGroup> groups = RuleFileParser.parse("r.yaml", """
                groups:
                  - name: a
                    rules:
                      - record: region:requests:rate5m
                        expr: |
                          sum by (region) (
                            rate(http_requests_total[5m])
                          )
                        labels:
                          team: gameplay
                  - name: empty
                """);
        assertThat(groups).hasSize(2);
        RecordingRule rule = groups.get(0).rules().get(0);
        assertThat(rule.intervalMillis()).isEqualTo(RuleFileParser.DEFAULT_INTERVAL_MILLIS);
        assertThat(rule.labels()).isEqualTo(Map.of("team", "gameplay"));
        assertThat(rule.expression().grouping()).containsExactly("region");
        assertThat(groups.get(1).rules()).isEmpty();
    }

    @Test
    void parse_unsupportedExpression_namesFileLineRuleAndForms() {
        String file = GAMEPLAY + """
                - name: other
                  rules:
                  - record: ok:rate
                    expr: sum(rate(x[5m]))
                  - record: bad:topk
                    expr: topk(5, rate(x[5m]))
                """;
        assertThatThrownBy(() -> RuleFileParser.parse("rules/gameplay.yaml", file))
                .isInstanceOf(RuleFileException.class)
                .hasMessageStartingWith("rule file rules/gameplay.yaml, line 14: rule 'bad:topk' (group 'other'): "
                        + "unsupported expression `topk(5, rate(x[5m]))`: expected an aggregation")
                .hasMessageContaining("Supported forms:\n" + PromQlSubsetParser.SUPPORTED_FORMS);
    }

    @Test
    void parse_alertingRule_refused() {
        assertThatThrownBy(() -> RuleFileParser.parse("a.yaml", """
                groups:
                - name: alerts
                  rules:
                  - alert: HighLatency
                    expr: x > 1
                    for: 5m
                """))
                .isInstanceOf(RuleFileException.class)
                .hasMessage("rule file a.yaml, line 4: group 'alerts' holds the alerting rule 'HighLatency': only "
                        + "recording rules ('record:') are supported; keep alerts in Prometheus/Mimir");
    }

    @Test
    void parse_invalidFiles_clearErrors() {
        assertThatThrownBy(() -> RuleFileParser.parse("f", "")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups: [\n")).hasMessageContaining("is not valid YAML");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "rules: []")).hasMessageContaining("unknown key 'rules'");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups:\n- name: a\n  interval: 30\n"))
                .hasMessage("rule file f, line 3: group 'a' has interval '30': use a positive Prometheus duration such as 30s or 1m");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups:\n- name: a\n- name: a\n"))
                .hasMessageContaining("line 3").hasMessageContaining("group name 'a' twice");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups:\n- name: a\n  rules:\n  - record: x\n"))
                .hasMessage("rule file f, line 4: needs rule 'x' 'expr'");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups:\n- name: a\n  rules:\n  - record: x\n    expr: sum(rate(y[1m]))\n    for: 1m\n"))
                .hasMessageContaining("line 6").hasMessageContaining("unknown key 'for'");
        assertThatThrownBy(() -> RuleFileParser.parse("f", "groups:\n- name: a\n  rules:\n  - record: 1x\n    expr: sum(rate(y[1m]))\n"))
                .hasMessageContaining("must be a valid metric name");
    }

    @Test
    void ruleSet_indexesByMetric_stepIsGcdOfIntervals() {
        RuleSet set = RuleSet.of(RuleFileParser.parse("f", """
                groups:
                - name: a
                  interval: 30s
                  rules:
                  - record: r1
                    expr: sum by (region) (rate(x{region!="eu"}[5m]))
                - name: b
                  interval: 45s
                  rules:
                  - record: r2
                    expr: max(max_over_time(x[10m]))
                """));
        assertThat(set.stepMillis()).isEqualTo(15_000);
        assertThat(set.maxRangeMillis()).isEqualTo(600_000);
        String[] names = {"__name__", "region"};
        assertThat(set.matching("x", names, new String[] {"x", "us"})).containsExactly(0, 1);
        assertThat(set.matching("x", names, new String[] {"x", "eu"})).containsExactly(1);
        assertThat(set.matchesAny("y", names, new String[] {"y", "us"})).isFalse();
        assertThat(RuleSet.EMPTY.isEmpty()).isTrue();
    }
}
