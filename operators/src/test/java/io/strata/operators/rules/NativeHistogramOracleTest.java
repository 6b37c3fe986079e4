package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code histogram_quantile(q, sum by (region) (rate(nh[5m])))} over native histograms against
 * Prometheus 2.42 itself: the series below (three instances at schemas 0, 2 and 1, a zero bucket,
 * negative buckets, a counter reset of instance a at k = 20) were written to a Prometheus 2.42.0
 * with native histograms on over remote_write, 15 s apart from T0, and its answers to
 * {@code /api/v1/query} at T0 + j * 30 s are {@code rules/prometheus-2.42-native-quantiles.txt}.
 */
class NativeHistogramOracleTest {

    private static final int SAMPLES = 40;
    private static final long STEP = 15_000;
    private static final long RANGE = 300_000;

    /** Instance a, region eu: schema 0, zero bucket of width 0.001; reset at k = 20. */
    static ExponentialHistogram a(int k) {
        int c = k < 20 ? k : k - 20;
        return ExponentialHistogram.builder().scale(0).zeroThreshold(0.001).zeroCount(c).count(7 * c).sum(18 * c)
                .positive(0, 2 * c, 3 * c, c).build();
    }

    /** Instance b, region eu: schema 2. */
    static ExponentialHistogram b(int k) {
        return ExponentialHistogram.builder().scale(2).count(4 * k).sum(2 * k).positive(-2, k, 0, 2 * k, k).build();
    }

    /** Instance c, region us: schema 1, one negative bucket. */
    static ExponentialHistogram c(int k) {
        return ExponentialHistogram.builder().scale(1).count(5 * k).sum(k).negative(0, k).positive(1, 3 * k, k).build();
    }

    /** The summed rate of the region's series at {@code t}, or null without a result. */
    private static ExponentialHistogram sumOfRates(String region, long t) {
        ExponentialHistogram sum = null;
        for (String instance : region.equals("eu") ? new String[] {"a", "b"} : new String[] {"c"}) {
            long[] ts = new long[SAMPLES];
            ExponentialHistogram[] hs = new ExponentialHistogram[SAMPLES];
            int from = -1;
            int to = 0;
            for (int k = 0; k < SAMPLES; k++) {
                ts[k] = k * STEP;
                hs[k] = instance.equals("a") ? a(k) : instance.equals("b") ? b(k) : c(k);
                if (ts[k] >= t - RANGE && ts[k] <= t) {
                    from = from < 0 ? k : from;
                    to = k + 1;
                }
            }
            if (from < 0 || to - from < 2) {
                continue;
            }
            ExponentialHistogram rate = RangeEvaluation.histogramRate(ts, hs, from, to, t, RANGE, true);
            if (sum == null) {
                sum = rate;
            } else {
                sum.merge(rate);
            }
        }
        return sum;
    }

    @Test
    void quantilesAndCounts_equalPrometheus242() throws Exception {
        Map<String, Double> expected = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/rules/prometheus-2.42-native-quantiles.txt"), StandardCharsets.UTF_8))) {
            in.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
                String[] f = l.split(" ");
                expected.put(f[0] + " " + f[1] + " " + f[2] + " " + f[3], Double.parseDouble(f[4]));
            });
        }
        Map<String, Double> actual = new TreeMap<>();
        for (int j = 0; j <= 30; j++) {
            for (String region : new String[] {"eu", "us"}) {
                ExponentialHistogram sum = sumOfRates(region, j * 30_000L);
                if (sum == null) {
                    continue;
                }
                for (double q : new double[] {0.1, 0.5, 0.9, 0.99}) {
                    actual.put("quantile " + q + " " + j + " " + region, HistogramQuantile.quantilePrometheus242(sum, q));
                }
                if (j % 5 == 0) {
                    actual.put("count 0 " + j + " " + region, sum.count());
                }
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, value) -> assertThat(actual.get(key)).as(key)
                .isCloseTo(value, org.assertj.core.api.Assertions.within(1e-12 * Math.max(1, Math.abs(value)))));
    }
}
