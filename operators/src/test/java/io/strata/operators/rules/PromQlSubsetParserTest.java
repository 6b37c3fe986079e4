package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PromQlSubsetParserTest {

    @Test
    void parse_platformTickRule() {
        RuleExpression e = PromQlSubsetParser.parse(
                "histogram_quantile(0.95, sum by (le,region,queue) (rate(gameplay_tick_time_seconds_bucket[5m])))");
        assertThat(e.quantile()).isEqualTo(0.95);
        assertThat(e.aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(e.grouping()).containsExactly("le", "region", "queue");
        assertThat(e.outputLabels()).containsExactly("region", "queue");
        assertThat(e.readsClassicBuckets()).isTrue();
        assertThat(e.function()).isEqualTo(RangeFunction.RATE);
        assertThat(e.selector()).isEqualTo(new SeriesSelector("gameplay_tick_time_seconds_bucket", List.of()));
        assertThat(e.rangeMillis()).isEqualTo(300_000);
    }

    @Test
    void parse_nativeHistogramQuantile_groupingAfterTheExpression() {
        RuleExpression e = PromQlSubsetParser.parse(
                "histogram_quantile(0.99, sum(increase(action_ack_latency_seconds[1m])) by (region))");
        assertThat(e.quantile()).isEqualTo(0.99);
        assertThat(e.function()).isEqualTo(RangeFunction.INCREASE);
        assertThat(e.grouping()).containsExactly("region");
        assertThat(e.readsClassicBuckets()).isFalse();
    }

    @Test
    void parse_overTimeWithMatchers() {
        RuleExpression e = PromQlSubsetParser.parse(
                "avg by(region)(max_over_time(cpu_temp{region=~\"eu-.*\", az!='b', job!~\"x|y\", shard_id=\"3\"}[1h30m]))");
        assertThat(e.isHistogramQuantile()).isFalse();
        assertThat(e.aggregation()).isEqualTo(Aggregation.AVG);
        assertThat(e.function()).isEqualTo(RangeFunction.MAX_OVER_TIME);
        assertThat(e.rangeMillis()).isEqualTo(5_400_000);
        assertThat(e.selector().matchers()).containsExactly(
                LabelMatcher.of("region", LabelMatcher.Type.REGEX, "eu-.*"),
                LabelMatcher.of("az", LabelMatcher.Type.NOT_EQUAL, "b"),
                LabelMatcher.of("job", LabelMatcher.Type.NOT_REGEX, "x|y"),
                LabelMatcher.of("shard_id", LabelMatcher.Type.EQUAL, "3"));
    }

    @Test
    void parse_withoutGrouping_andNameMatcher() {
        RuleExpression e = PromQlSubsetParser.parse("count({__name__=\"up_total\", job=\"a\"}[5m] ) ".replace("count(", "count(count_over_time(") + ")");
        assertThat(e.grouping()).isEmpty();
        assertThat(e.selector().metricName()).isEqualTo("up_total");
        assertThat(e.selector().matchers()).containsExactly(LabelMatcher.of("job", LabelMatcher.Type.EQUAL, "a"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rate(x[5m])                                           | expected an aggregation",
        "topk(3, rate(x[5m]))                                  | expected an aggregation (sum, min, max, avg or count) at column 1, found 'topk(3, rate(x[5m]))'",
        "sum without (a) (rate(x[5m]))                         | without (...) is not supported",
        "sum by (a) (irate(x[5m]))                             | at column 13, found 'irate(x[5m]))'",
        "sum by (a) (x)                                        | expected rate, increase",
        "sum by (a) (rate(x[5m] offset 1m))                    | offset and @ modifiers are not supported",
        "sum by (a) (rate(x[5m])) / 2                          | nothing may follow the expression",
        "sum by (a) (rate(x[0s]))                              | expected a positive duration",
        "sum by (a) (rate(x[5]))                               | expected a positive duration",
        "sum by (a) (rate({job=\"a\"}[5m]))                    | expected a metric name",
        "sum by (a) (rate(x{a=~\"(\"}[5m]))                    | invalid regular expression",
        "histogram_quantile(0.9, max by (le) (rate(x[5m])))    | histogram_quantile needs sum by",
        "histogram_quantile(0.9, sum by (le) (max_over_time(x[5m]))) | histogram_quantile needs sum by",
        "histogram_quantile(q, sum by (le) (rate(x[5m])))      | expected a number",
        "sum by (a b) (rate(x[5m]))                            | expected ',' or ')'",
        "sum by (a) (rate(x{a=\"1\" b=\"2\"}[5m]))             | expected ',' or '}'",
    })
    void parse_unsupported_saysWhatWasExpected(String expr, String message) {
        assertThatThrownBy(() -> PromQlSubsetParser.parse(expr))
                .isInstanceOf(PromQlSubsetParser.UnsupportedExpressionException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("at column");
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"30s, 30000", "5m, 300000", "1h30m, 5400000", "1d, 86400000", "2w, 1209600000", "1y, 31536000000",
        "250ms, 250", "1m30s500ms, 90500"})
    void parseDuration_prometheusUnits(String text, long millis) {
        assertThat(PromQlSubsetParser.parseDuration(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m", "30s1m", "1.5m", "5M", "-5m", "5m5m"})
    void parseDuration_invalid_minusOne(String text) {
        assertThat(PromQlSubsetParser.parseDuration(text)).isEqualTo(-1);
    }

    @Test
    void selector_absentLabelMatchesAsEmpty() {
        SeriesSelector s = PromQlSubsetParser.parse("sum(rate(x{az=\"\", region!=\"eu\"}[1m]))").selector();
        assertThat(s.matches("x", new String[] {"__name__", "region"}, new String[] {"x", "us"})).isTrue();
        assertThat(s.matches("x", new String[] {"__name__", "az"}, new String[] {"x", "a"})).isFalse();
        assertThat(s.matches("x", new String[] {"__name__", "region"}, new String[] {"x", "eu"})).isFalse();
        assertThat(s.matches("y", new String[] {"__name__"}, new String[] {"y"})).isFalse();
    }

    @Test
    void regexMatcher_isAnchored() {
        LabelMatcher m = LabelMatcher.of("region", LabelMatcher.Type.REGEX, "eu|us");
        assertThat(m.matches("eu")).isTrue();
        assertThat(m.matches("eu-west")).isFalse();
        assertThat(m.matches(null)).isFalse();
        assertThat(LabelMatcher.of("region", LabelMatcher.Type.NOT_REGEX, "eu.*").matches("us")).isTrue();
    }

    /**
     * java.util.regex matched {@code (a|b)*} by recursive backtracking, one frame per character:
     * 2,048 characters overflowed a default thread stack (StackOverflowError). RE2/J runs an
     * automaton in linear time without recursion.
     */
    @Test
    void regexMatcher_starOverAlternationOnLongValue_matchesWithoutStackOverflow() {
        LabelMatcher m = LabelMatcher.of("path", LabelMatcher.Type.REGEX, "(a|b)*");
        String value = "ab".repeat(1024);

        assertThat(m.matches(value)).isTrue();
        assertThat(m.matches(value + "c")).isFalse();
    }

    @Test
    void regexMatcher_dotMatchesNewline_asPrometheus() {
        assertThat(LabelMatcher.of("msg", LabelMatcher.Type.REGEX, "a.b").matches("a\nb")).isTrue();
    }

    @Test
    void parse_invalidRegex_namesTheLabel() {
        assertThatThrownBy(() -> PromQlSubsetParser.parse("sum(rate(x{region=~\"(eu\"}[1m]))"))
                .hasMessageContaining("invalid regular expression for region");
    }
}
