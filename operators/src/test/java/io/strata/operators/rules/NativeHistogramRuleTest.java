package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import org.junit.jupiter.api.Test;

/**
 * {@code rate}/{@code increase} and {@code histogram_quantile} over native histograms as
 * Prometheus v2.42.0 computes them ({@code histogramRate}, {@code extrapolatedRate}, {@code
 * histogramQuantile}); promtool 2.42 cannot write native histograms, so the expected values are
 * worked by hand from those functions, each step in a comment.
 */
class NativeHistogramRuleTest {

    /** Scale 0: OpenTelemetry index 0 is the bucket (1, 2], index 1 is (2, 4]. */
    private static ExponentialHistogram h(double count, double sum, double b0, double b1) {
        return ExponentialHistogram.builder().scale(0).count(count).sum(sum).positive(0, b0, b1).build();
    }

    @Test
    void increase_noExtrapolation_isTheDelta() {
        // Samples at 0 s and 60 s, increase over [0, 60 s] at 60 s: both range ends are hit, so
        // the factor is 1 and the result is last - first = buckets (6, 4), count 10, sum 30.
        long[] ts = {0, 60_000};
        ExponentialHistogram[] hs = {h(10, 25, 4, 6), h(20, 55, 10, 10)};
        ExponentialHistogram r = RangeEvaluation.histogramRate(ts, hs, 0, 2, 60_000, 60_000, false);
        assertThat(r.count()).isEqualTo(10.0);
        assertThat(r.sum()).isEqualTo(30.0);
        assertThat(r.positive().toArray()).containsExactly(6.0, 4.0);
        // 2.42 histogramQuantile, q = 0.5: rank 5 falls in (1, 2] holding 6: 1 + 1 * 5/6.
        assertThat(HistogramQuantile.quantilePrometheus242(r, 0.5)).isEqualTo(1 + 5.0 / 6);
        // q = 0.95: rank 9.5, cumulative 6 then 10: (2, 4], 2 + 2 * 3.5/4 = 3.75, linear
        // (Prometheus 3.x would interpolate exponentially: 2^(1 + 3.5/4)).
        assertThat(HistogramQuantile.quantilePrometheus242(r, 0.95)).isEqualTo(3.75);
        assertThat(HistogramQuantile.quantile(r, 0.95)).isCloseTo(Math.pow(2, 1 + 3.5 / 4), within(1e-12));
    }

    @Test
    void rate_withResetAndExtrapolation() {
        // Samples at 30, 60, 90 s; the third is a reset (count drops). Range 2m at t = 120 s:
        // [0, 120 s]. histogramRate: last - first + the histogram before the reset
        //   = (2, 3) - (4, 6) + (10, 10) = (8, 7), count 5 - 10 + 20 = 15, sum 12 - 25 + 55 = 42.
        // extrapolatedRate: sampled 60 s, average 30 s, threshold 33 s; 30 s to the start and
        // 30 s to the end are both below it, so extrapolate to 120 s: factor 2, then / 120 s.
        long[] ts = {30_000, 60_000, 90_000};
        ExponentialHistogram[] hs = {h(10, 25, 4, 6), h(20, 55, 10, 10), h(5, 12, 2, 3)};
        ExponentialHistogram r = RangeEvaluation.histogramRate(ts, hs, 0, 3, 120_000, 120_000, true);
        assertThat(r.count()).isCloseTo(15 * 2 / 120.0, within(1e-15));
        assertThat(r.sum()).isCloseTo(42 * 2 / 120.0, within(1e-15));
        assertThat(r.positive().toArray()).containsExactly(8 * 2 / 120.0, 7 * 2 / 120.0);
    }

    @Test
    void quantile242_zeroBucketAndEdges() {
        // Zero bucket [-0.001, 0.001] holds 2, (1, 2] holds 2; only positive buckets, so the zero
        // bucket's lower bound is taken as 0: q = 0.25, rank 1 of 2 in it -> 0.001 * 1/2.
        ExponentialHistogram z = ExponentialHistogram.builder().scale(0).zeroThreshold(0.001).zeroCount(2)
                .count(4).sum(3).positive(0, 2).build();
        assertThat(HistogramQuantile.quantilePrometheus242(z, 0.25)).isEqualTo(0.0005);
        assertThat(HistogramQuantile.quantilePrometheus242(z, -1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(HistogramQuantile.quantilePrometheus242(z, 2)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(HistogramQuantile.quantilePrometheus242(ExponentialHistogram.create(), 0.5)).isNaN();
    }
}
