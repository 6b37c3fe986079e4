package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Range functions against Prometheus 2.42 itself: every expected value below was printed by
 * {@code promtool test rules} of Prometheus 2.42.0 (Debian 2.42.0+ds-5+deb12u1) for a
 * {@code promql_expr_test} of the expression at the time given, over these series at a 15 s
 * interval (promtool prints the shortest representation that round-trips, so equality is exact).
 */
class RangeEvaluationTest {

    private static final Map<String, PromtoolSeries> SERIES = new LinkedHashMap<>();

    static {
        series("steady", "0 10 20 30 40 50 60 70 80 90 100 110 120 130 140 150 160 170 180 190 200 210 220 230");
        series("resets", "5 8 2 9 20 25");
        series("gaps", "_ _ 100 110 _ _ 130 140 150 _ _ _ _ _ _ _ _ 180");
        series("zeroclamp", "_ _ _ _ _ _ _ _ _ _ 3 6 9 12");
        series("high", "1000 1010 1020 1030 1040 1050 1060 1070 1080 1090 1100 1110 1120");
        series("one", "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 7");
        series("twoedge", "4 _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ 9");
    }

    private static void series(String name, String values) {
        SERIES.put(name, PromtoolSeries.of(15_000, values));
    }

    @ParameterizedTest(name = "{0} of case {1} over {3} at {2} = {4}")
    @CsvSource({
        // rate(c[5m]) at 5m
        "rate, steady, 5m, 5m, 6.666666666666667E-01",
        "rate, resets, 5m, 5m, 1.0266666666666668E-01",
        "rate, gaps, 5m, 5m, 3.5555555555555557E-01",
        "rate, zeroclamp, 5m, 5m, 4.5E-02",
        "rate, high, 5m, 5m, 4.166666666666667E-01",
        "rate, twoedge, 5m, 5m, 1.6666666666666666E-02",
        // increase(c[5m]) at 5m
        "increase, steady, 5m, 5m, 2E+02",
        "increase, resets, 5m, 5m, 3.0800000000000004E+01",
        "increase, gaps, 5m, 5m, 1.0666666666666666E+02",
        "increase, zeroclamp, 5m, 5m, 1.35E+01",
        "increase, high, 5m, 5m, 1.2500000000000001E+02",
        "increase, twoedge, 5m, 5m, 5E+00",
        // rate(c[1m]) at 3m
        "rate, steady, 3m, 1m, 6.666666666666666E-01",
        "rate, high, 3m, 1m, 6.666666666666666E-01",
        "rate, zeroclamp, 3m, 1m, 1.5000000000000002E-01",
        // increase(c[2m]) at 4m30s
        "increase, steady, 4m30s, 2m, 8E+01",
        "increase, high, 4m30s, 2m, 2.5E+01",
        "increase, zeroclamp, 4m30s, 2m, 1.05E+01",
        // *_over_time
        "min_over_time, gaps, 1m, 1m, 1E+02",
        "min_over_time, resets, 1m, 1m, 2E+00",
        "min_over_time, twoedge, 1m, 1m, 4E+00",
        "max_over_time, high, 1m, 1m, 1.04E+03",
        "max_over_time, resets, 1m, 1m, 2E+01",
        "avg_over_time, gaps, 3m, 2m, 1.4E+02",
        "avg_over_time, high, 3m, 2m, 1.08E+03",
        "avg_over_time, resets, 3m, 2m, 2.25E+01",
        "avg_over_time, zeroclamp, 3m, 2m, 6E+00",
        "sum_over_time, high, 3m, 2m, 9.72E+03",
        "sum_over_time, steady, 3m, 2m, 7.2E+02",
        "count_over_time, gaps, 3m, 2m, 3",
        "count_over_time, high, 3m, 2m, 9",
        "last_over_time, gaps, 3m, 2m, 1.5E+02",
        "last_over_time, zeroclamp, 3m, 2m, 9",
    })
    void evaluate_equalsPromtool242(String function, String series, String at, String range, double expected) {
        Double actual = SERIES.get(series).evaluate(RangeFunction.ofKeyword(function),
                PromQlSubsetParser.parseDuration(at), PromQlSubsetParser.parseDuration(range));
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of case {1} over {3} at {2}: no result")
    @CsvSource({
        // promtool 2.42 printed no sample for these: fewer than two samples in the range.
        "rate, one, 5m, 5m",
        "increase, twoedge, 3m, 1m",
        "rate, gaps, 3m, 1m",
        // no sample at all in the range
        "min_over_time, zeroclamp, 1m, 1m",
    })
    void evaluate_tooFewSamples_noResult(String function, String series, String at, String range) {
        assertThat(SERIES.get(series).evaluate(RangeFunction.ofKeyword(function),
                PromQlSubsetParser.parseDuration(at), PromQlSubsetParser.parseDuration(range))).isNull();
    }

    @org.junit.jupiter.api.Test
    void kahan_sumAndAvgOverTime_asPromtool242() {
        // promtool 2.42: sum_over_time(g[5m]) at 2m over 1e100, 1, -1e100 (1m apart) is 1, and
        // over 0.1, 0.2, 0.3 is 0.6 (not 0.6000000000000001); avg_over_time of the latter is
        // 0.19999999999999998 (the Kahan-compensated incremental mean, not 0.2).
        double[] big = {1e100, 1, -1e100};
        double[] tenths = {0.1, 0.2, 0.3};
        assertThat(RangeEvaluation.overTime(RangeFunction.SUM_OVER_TIME, big, 0, 3)).isEqualTo(1.0);
        assertThat(RangeEvaluation.overTime(RangeFunction.SUM_OVER_TIME, tenths, 0, 3)).isEqualTo(0.6);
        assertThat(RangeEvaluation.overTime(RangeFunction.AVG_OVER_TIME, tenths, 0, 3)).isEqualTo(0.19999999999999998);
        assertThat(RangeEvaluation.overTime(RangeFunction.AVG_OVER_TIME, big, 0, 3)).isEqualTo(0.0);
    }
}
