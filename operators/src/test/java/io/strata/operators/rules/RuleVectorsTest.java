package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.histogram.ClassicHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Whole rule expressions (range function per series, then aggregation or {@code
 * histogram_quantile}) against Prometheus 2.42: the expected values were printed by {@code
 * promtool test rules} of Prometheus 2.42.0 for these series, 10 s apart, in the label order
 * PromQL sorts series in.
 */
class RuleVectorsTest {

    private record Series(String instance, String le, String region, PromtoolSeries samples) {}

    private static final List<Series> BUCKETS = new ArrayList<>();

    static {
        add("a", "+Inf", "eu", "0 5 10 15 20 25 30 35 40 45 50 55 60 65 70 75 80 85 90 95 100 105 110 115 120 125 130 135 140 145 150 155");
        add("a", "0.01", "eu", "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31");
        add("a", "0.05", "eu", "0 3 6 9 12 15 18 21 24 27 30 33 36 39 42 45 48 51 54 57 60 63 66 69 72 75 78 81 84 87 90 93");
        add("a", "0.1", "eu", "0 4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64 68 72 76 80 84 88 92 96 100 104 108 112 116 120 124");
        add("b", "+Inf", "eu", "400 404 408 412 416 420 4 8 12 16 20 24 28 32 36 40 44 48 52 56 60 64 68 72 76 80 84 88 92 96 100 104");
        add("b", "0.01", "eu", "100 100 101 101 102 102 0 1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8 9 9 10 10 11 11 12 12 13");
        add("b", "0.05", "eu", "200 202 204 206 208 210 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30 32 34 36 38 40 42 44 46 48 50 52");
        add("b", "0.1", "eu", "300 303 306 309 312 315 3 6 9 12 15 18 21 24 27 30 33 36 39 42 45 48 51 54 57 60 63 66 69 72 75 78");
        add("c", "+Inf", "us", "0 7 14 21 28 35 42 49 56 63 70 77 84 91 98 105 112 119 126 133 140 147 154 161 168 175 182 189 196 203 210 217");
        add("c", "0.01", "us", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
        add("c", "0.05", "us", "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    }

    private static void add(String instance, String le, String region, String values) {
        BUCKETS.add(new Series(instance, le, region, PromtoolSeries.of(10_000, values)));
    }

    /** {@code histogram_quantile(q, sum by (le, region) (f(tick_bucket[range])))} at {@code t}. */
    private static Map<String, Double> quantileByRegion(double q, RangeFunction f, long t, long range) {
        Map<String, TreeMap<Double, Double>> sums = new TreeMap<>();
        for (Series s : BUCKETS) {
            Double v = s.samples().evaluate(f, t, range);
            if (v != null) {
                sums.computeIfAbsent(s.region(), r -> new TreeMap<>()).merge(BucketBound.parse(s.le()), v, Double::sum);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((region, buckets) -> out.put(region, ClassicHistogram.of(
                buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                buckets.values().stream().mapToDouble(Double::doubleValue).toArray()).quantilePrometheus242(q)));
        return out;
    }

    private static Map<String, Double> aggregate(Aggregation a, String by, long t, long range) {
        Map<String, VectorAggregator> groups = new TreeMap<>();
        for (Series s : BUCKETS) {
            Double v = s.samples().evaluate(RangeFunction.RATE, t, range);
            String key = switch (by) {
                case "region" -> s.region();
                case "instance" -> s.instance();
                default -> "";
            };
            if (v != null) {
                groups.computeIfAbsent(key, k -> new VectorAggregator(a)).add(v);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        groups.forEach((k, g) -> out.put(k, g.result()));
        return out;
    }

    @Test
    void histogramQuantile_classic_equalsPromtool242() {
        // histogram_quantile(0.95, sum by (le,region) (rate(tick_bucket[5m]))) at 5m: in +Inf, so the highest finite bound
        assertThat(quantileByRegion(0.95, RangeFunction.RATE, 300_000, 300_000)).containsExactly(
                Map.entry("eu", 0.1), Map.entry("us", 0.05));
        // histogram_quantile(0.5, sum by (le,region) (increase(tick_bucket[2m]))) at 3m: interpolated (instance b reset at 60s)
        assertThat(quantileByRegion(0.5, RangeFunction.INCREASE, 180_000, 120_000)).containsExactly(
                Map.entry("eu", 4.428571428571429E-02), Map.entry("us", 0.05));
    }

    @Test
    void aggregations_equalPromtool242() {
        // <agg> by (...) (rate(tick_bucket[1m])) at 1m30s. sum and avg depend on the order the
        // series are added in (Prometheus: its storage's order; Strata: series id order), so
        // they agree to the last bits only; min, max and count exactly.
        assertClose(aggregate(Aggregation.SUM, "region", 90_000, 60_000), Map.of("eu", 2.25, "us", 0.7));
        assertClose(aggregate(Aggregation.AVG, "region", 90_000, 60_000),
                Map.of("eu", 2.8124999999999994E-01, "us", 2.3333333333333334E-01));
        assertThat(aggregate(Aggregation.MAX, "region", 90_000, 60_000)).containsExactly(
                Map.entry("eu", 0.5), Map.entry("us", 0.7));
        assertThat(aggregate(Aggregation.MIN, "", 90_000, 60_000)).containsExactly(Map.entry("", 0.0));
        assertThat(aggregate(Aggregation.COUNT, "instance", 90_000, 60_000)).containsExactly(
                Map.entry("a", 4.0), Map.entry("b", 4.0), Map.entry("c", 3.0));
    }

    private static void assertClose(Map<String, Double> actual, Map<String, Double> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isCloseTo(v, org.assertj.core.api.Assertions.within(Math.ulp(v) * 4)));
    }

    @Test
    void vectorAggregator_edgeCasesAs242() {
        // promtool 2.42: sum(h) over 1e100, 1, -1e100 is 0 (no Kahan in 2.42's aggregation operators)
        VectorAggregator sum = new VectorAggregator(Aggregation.SUM);
        for (double v : new double[] {1e100, 1, -1e100}) {
            sum.add(v);
        }
        assertThat(sum.result()).isEqualTo(0.0);
        VectorAggregator max = new VectorAggregator(Aggregation.MAX);
        max.add(Double.NaN);
        max.add(3);
        max.add(2);
        assertThat(max.result()).isEqualTo(3.0);
        VectorAggregator avg = new VectorAggregator(Aggregation.AVG);
        avg.add(Double.POSITIVE_INFINITY);
        avg.add(5);
        assertThat(avg.result()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(new VectorAggregator(Aggregation.COUNT).isEmpty()).isTrue();
    }
}
