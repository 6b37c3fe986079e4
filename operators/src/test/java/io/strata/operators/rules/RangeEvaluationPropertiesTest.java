package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.operators.histogram.ClassicHistogram;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RangeEvaluationPropertiesTest {

    /** Evenly spaced counter samples ending at {@code t}, one per {@code stepSeconds}. */
    private static long[] timestamps(int n, int stepSeconds, long t) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = t - (long) (n - 1 - i) * stepSeconds * 1000;
        }
        return ts;
    }

    @Property
    void increase_rangeEndsHit_noResets_isLastMinusFirst(
            @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0, max = 1000) Double> steps,
            @ForAll @IntRange(min = 1, max = 60) int stepSeconds) {
        int n = steps.size();
        double[] values = new double[n];
        double v = 0;
        for (int i = 0; i < n; i++) {
            v += steps.get(i);
            values[i] = v;
        }
        long t = 3_600_000;
        long range = (long) (n - 1) * stepSeconds * 1000;
        double increase = RangeEvaluation.extrapolatedRate(timestamps(n, stepSeconds, t), values, 0, n, t, range, false);
        // The first sample lies on the range start: the zero-point clamp can only shorten the
        // extrapolation to 0 s, which it already is.
        assertThat(increase).isCloseTo(values[n - 1] - values[0], within(1e-9 * Math.max(1, values[n - 1])));
    }

    @Property
    void rate_isIncreaseOverRangeSeconds(
            @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0, max = 1e6) Double> values,
            @ForAll @IntRange(min = 1, max = 60) int stepSeconds,
            @ForAll @IntRange(min = 1, max = 3600) int rangeSeconds) {
        int n = values.size();
        double[] vs = values.stream().mapToDouble(Double::doubleValue).toArray();
        long t = 10_000_000;
        long range = rangeSeconds * 1000L;
        long[] ts = timestamps(n, stepSeconds, t);
        int from = 0;
        while (from < n && ts[from] < t - range) {
            from++;
        }
        if (n - from < 2) {
            return;
        }
        double increase = RangeEvaluation.extrapolatedRate(ts, vs, from, n, t, range, false);
        double rate = RangeEvaluation.extrapolatedRate(ts, vs, from, n, t, range, true);
        assertThat(increase).isGreaterThanOrEqualTo(0);
        assertThat(rate * rangeSeconds).isCloseTo(increase, within(1e-9 * Math.max(1, increase)));
    }

    @Property
    void classicQuantile242_monotoneInQ(
            @ForAll @Size(min = 1, max = 10) List<@DoubleRange(min = 0, max = 100) Double> bucketCounts,
            // q = 0 is left out: with an empty first bucket Prometheus answers 0 * 0/0 = NaN there.
            @ForAll @DoubleRange(min = 0.01, max = 1) double q1,
            @ForAll @DoubleRange(min = 0.01, max = 1) double q2) {
        int n = bucketCounts.size();
        double[] bounds = new double[n + 1];
        double[] cumulative = new double[n + 1];
        double c = 0;
        for (int i = 0; i < n; i++) {
            bounds[i] = 0.01 * (i + 1);
            c += bucketCounts.get(i);
            cumulative[i] = c;
        }
        bounds[n] = Double.POSITIVE_INFINITY;
        cumulative[n] = c;
        ClassicHistogram h = ClassicHistogram.of(bounds, cumulative);
        if (c == 0) {
            assertThat(h.quantilePrometheus242(q1)).isNaN();
            return;
        }
        double lo = Math.min(q1, q2);
        double hi = Math.max(q1, q2);
        assertThat(h.quantilePrometheus242(lo)).isLessThanOrEqualTo(h.quantilePrometheus242(hi));
    }
}
