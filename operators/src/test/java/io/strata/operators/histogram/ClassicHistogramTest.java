package io.strata.operators.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference vectors from Prometheus {@code promql/promqltest/testdata/histograms.test}, evaluated
 * at 50m (each series has risen ten times by its step) unless noted.
 */
class ClassicHistogramTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** {@code testhistogram_bucket{start="positive"}}: le 0.1, .2, 1e0, +Inf by 5, 7, 11, 12. */
    private static final ClassicHistogram POSITIVE =
            ClassicHistogram.of(new double[] {0.1, 0.2, 1, INF}, new double[] {50, 70, 110, 120});

    /** {@code testhistogram_bucket{start="negative"}}: le -.2, -0.1, 0.3, +Inf by 1, 2, 2, 3. */
    private static final ClassicHistogram NEGATIVE =
            ClassicHistogram.of(new double[] {-0.2, -0.1, 0.3, INF}, new double[] {10, 20, 20, 30});

    @ParameterizedTest(name = "histogram_quantile({0}, testhistogram_bucket) = {1} / {2}")
    @CsvSource({"0, 0, -0.2", "0.2, 0.048, -0.2", "0.5, 0.15, -0.15", "0.8, 0.72, 0.3", "1, 1, 0.3",
        "-0.1, -Infinity, -Infinity", "1.01, Infinity, Infinity"})
    void quantile_testhistogram_matchesPromqlTestData(double q, double positive, double negative) {
        assertThat(POSITIVE.quantile(q)).isCloseTo(positive, within(1e-12));
        assertThat(NEGATIVE.quantile(q)).isCloseTo(negative, within(1e-12));
    }

    /** {@code testhistogram2_bucket} at 7m: le 0, 2, 4, 6, +Inf by 0, 1, 2, 3, 3 (one step). */
    @ParameterizedTest(name = "histogram_quantile({0}, testhistogram2_bucket) = {1}")
    @CsvSource({"0.16666666666666666, 1", "0.5, 3", "0.8333333333333334, 5"})
    void quantile_middleOfBuckets_matchesPromqlTestData(double q, double expected) {
        ClassicHistogram h = ClassicHistogram.of(new double[] {0, 2, 4, 6, INF}, new double[] {0, 1, 2, 3, 3});

        assertThat(h.quantile(q)).isCloseTo(expected, within(1e-12));
    }

    /** {@code testhistogram3_bucket}: positive le 0, 0.1, .2, 1e0, +Inf; negative from le -.25. */
    @ParameterizedTest(name = "histogram_quantile({0}, testhistogram3_bucket) = {1} / {2}")
    @CsvSource({"0, 0, -0.25", "0.25, 0.055, -0.225", "0.5, 0.125, -0.2", "0.75, 0.45, -0.15", "1, 1, -0.1"})
    void quantile_testhistogram3_matchesPromqlTestData(double q, double positive, double negative) {
        ClassicHistogram pos = ClassicHistogram.of(new double[] {0, 0.1, 0.2, 1, INF}, new double[] {0, 50, 70, 110, 110});
        ClassicHistogram neg = ClassicHistogram.of(new double[] {-0.25, -0.2, -0.1, 0.3, INF},
                new double[] {0, 10, 20, 20, 20});

        assertThat(pos.quantile(q)).isCloseTo(positive, within(1e-12));
        assertThat(neg.quantile(q)).isCloseTo(negative, within(1e-12));
    }

    /**
     * {@code histogram_quantile(q, sum(rate(request_duration_seconds_bucket[10m])) by (le))} and
     * {@code by (le, job)}: the four series' 10m increases merged by le (the rate's 1/600 factor
     * cancels out of a quantile).
     */
    @Test
    void merge_byLe_matchesSumByLeInPromqlTestData() {
        double[] le = {0.1, 0.2, INF};
        ClassicHistogram job1ins1 = ClassicHistogram.of(le, new double[] {2, 6, 8});
        ClassicHistogram job1ins2 = ClassicHistogram.of(le, new double[] {4, 10, 12});
        ClassicHistogram job2ins1 = ClassicHistogram.of(le, new double[] {6, 8, 12});
        ClassicHistogram job2ins2 = ClassicHistogram.of(le, new double[] {8, 14, 18});

        ClassicHistogram all = job1ins1.merge(job1ins2).merge(job2ins1).merge(job2ins2);
        ClassicHistogram job1 = job1ins1.merge(job1ins2);
        ClassicHistogram job2 = job2ins1.merge(job2ins2);

        assertThat(all.quantile(0.3)).isCloseTo(0.075, within(1e-12));
        assertThat(all.quantile(0.5)).isCloseTo(0.1277777777777778, within(1e-12));
        assertThat(job1.quantile(0.3)).isCloseTo(0.1, within(1e-12));
        assertThat(job1.quantile(0.5)).isCloseTo(0.14, within(1e-12));
        assertThat(job2.quantile(0.3)).isCloseTo(0.0642857142857143, within(1e-12));
        assertThat(job2.quantile(0.5)).isCloseTo(0.1125, within(1e-12));
    }

    /** {@code mixed_bucket}: le "0.2", "2e-1" and "2.0e-1" are one bucket (coalesceBuckets). */
    @Test
    void of_equalBoundsWrittenDifferently_areCoalesced() {
        ClassicHistogram h = ClassicHistogram.of(new double[] {0.1, 0.2, Double.parseDouble("2e-1"),
            Double.parseDouble("2.0e-1"), INF}, new double[] {1, 1, 1, 1, 4});

        assertThat(h.upperBounds()).containsExactly(0.1, 0.2, INF);
        assertThat(h.cumulativeCounts()).containsExactly(1, 3, 4);
    }

    /** bucketQuantile's documented NaN cases: no +Inf bucket, fewer than two buckets, no observations. */
    @Test
    void quantile_degenerateHistograms_areNaN() {
        assertThat(ClassicHistogram.of(new double[] {0.1, 1}, new double[] {1, 2}).quantile(0.5)).isNaN();
        assertThat(ClassicHistogram.of(new double[] {INF}, new double[] {2}).quantile(0.5)).isNaN();
        assertThat(ClassicHistogram.of(new double[] {1, INF}, new double[] {0, 0}).quantile(0.5)).isNaN();
        assertThat(ClassicHistogram.EMPTY.quantile(0.5)).isNaN();
        assertThat(POSITIVE.quantile(Double.NaN)).isNaN();
    }

    /** Worked calculation: a non-monotonic count is raised to its predecessor (ensureMonotonic). */
    @Test
    void quantile_nonMonotonicCounts_areRepaired() {
        ClassicHistogram h = ClassicHistogram.of(new double[] {1, 2, 3, INF}, new double[] {4, 3, 8, 8});

        // Repaired to 4, 4, 8, 8: rank 6 lies halfway into (2, 3].
        assertThat(h.quantile(0.75)).isCloseTo(2.5, within(1e-12));
    }

    /**
     * Worked calculation: counts 10, 10 + 1e-11, 20 (+Inf 20), q = 0.5, rank 10. Prometheus 2.42's
     * ensureMonotonic keeps 10 + 1e-11, so the rank is reached in the first bucket (0, 1]: 1 * 10/10
     * = 1. 3.x first flattens the 1e-12-relative step to 10 and the answer is the same bucket: 1.
     * At q = 0.5000000000005 (rank 10.00000000001) 2.42 lands in (1, 2] at its very start, 3.x
     * (counts 10, 10, 20) in (2, 3].
     */
    @Test
    void quantilePrometheus242_noSmallDeltaTolerance() {
        ClassicHistogram h = ClassicHistogram.of(new double[] {1, 2, 3, INF}, new double[] {10, 10 + 1e-11, 20, 20});
        assertThat(h.quantilePrometheus242(0.5)).isEqualTo(1.0);
        assertThat(h.quantilePrometheus242(0.5000000000005)).isCloseTo(2.0, within(1e-3));
        assertThat(h.quantile(0.5000000000005)).isCloseTo(2.0, within(1e-3)).isGreaterThan(2.0);
        ClassicHistogram dip = ClassicHistogram.of(new double[] {1, 2, 3, INF}, new double[] {4, 3, 8, 8});
        assertThat(dip.quantilePrometheus242(0.75)).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void of_mismatchedLengths_isRejected() {
        assertThatThrownBy(() -> ClassicHistogram.of(new double[] {1, INF}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 le bounds but 1 counts; expected one count per bound");
    }
}
