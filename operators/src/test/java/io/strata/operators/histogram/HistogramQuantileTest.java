package io.strata.operators.histogram;

import static io.strata.operators.histogram.PrometheusHistograms.buckets;
import static io.strata.operators.histogram.PrometheusHistograms.promql;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference vectors from Prometheus {@code promql/promqltest/testdata/native_histograms.test}
 * (the 3.x file with exponential interpolation); each test names the series it loads. Prometheus'
 * test runner compares with a relative tolerance of 1e-6; these compare to 1e-12 unless the
 * file prints fewer digits.
 */
class HistogramQuantileTest {

    private static final double[] EMPTY = new double[0];

    /** {@code histogram_quantile_1 {{schema:0 count:12 sum:100 z_bucket:2 z_bucket_w:0.001 buckets:[2 3 0 1 4]}}}. */
    private static final ExponentialHistogram POSITIVE =
            promql(0, 12, 100, 2, 0.001, 0, buckets(2, 3, 0, 1, 4), 0, EMPTY);

    /** {@code histogram_quantile_2}: the same with {@code n_buckets}. */
    private static final ExponentialHistogram NEGATIVE =
            promql(0, 12, 100, 2, 0.001, 0, EMPTY, 0, buckets(2, 3, 0, 1, 4));

    /** {@code histogram_quantile_3}: both signs, {@code count:24 z_bucket:4}. */
    private static final ExponentialHistogram BOTH =
            promql(0, 24, 100, 4, 0.001, 0, buckets(2, 3, 0, 1, 4), 0, buckets(2, 3, 0, 1, 4));

    @ParameterizedTest(name = "histogram_quantile({0}, histogram_quantile_1) = {1}")
    @CsvSource({"1.001, Infinity", "1, 16", "0.99, 15.67072476139083", "0.9, 12.99603834169977",
        "0.6, 4.594793419988138", "0.5, 1.5874010519681994", "0.1, 0.0006", "0, 0", "-1, -Infinity",
        "0.08333333333333333, 0.0005", "0.6320802083934297, 6"})
    void quantile_positiveBucketsAndZeroBucket_matchesPromqlTestData(double q, double expected) {
        assertClose(POSITIVE.quantile(q), expected, 1e-12);
    }

    @ParameterizedTest(name = "histogram_quantile({0}, histogram_quantile_2) = {1}")
    @CsvSource({"1.001, Infinity", "1, 0", "0.99, -0.00006", "0.9, -0.0006", "0.5, -1.5874010519681996",
        "0.1, -12.996038341699768", "0, -16", "-1, -Infinity", "0.9166666666666666, -0.0005",
        "0.36791979160657035, -6"})
    void quantile_negativeBucketsAndZeroBucket_matchesPromqlTestData(double q, double expected) {
        assertClose(NEGATIVE.quantile(q), expected, 1e-12);
    }

    @ParameterizedTest(name = "histogram_quantile({0}, histogram_quantile_3) = {1}")
    @CsvSource({"1, 16", "0.99, 15.34822590920423", "0.9, 10.556063286183155", "0.7, 1.2030250360821164",
        "0.55, 0.0006", "0.5, 0", "0.45, -0.0006", "0.3, -1.2030250360821169", "0.1, -10.556063286183155",
        "0.01, -15.34822590920423", "0, -16", "0.5416666666666666, 0.0005", "0.4583333333333333, -0.0005"})
    void quantile_bothSignsAndZeroBucket_matchesPromqlTestData(double q, double expected) {
        assertClose(BOTH.quantile(q), expected, 1e-12);
    }

    /** {@code single_histogram} and {@code negative_histogram}: buckets:[1 2 1], median sqrt(2). */
    @Test
    void quantile_medianInsideOneToTwo_isSquareRootOfTwo() {
        ExponentialHistogram single = promql(0, 4, 5, 0, 0, 0, buckets(1, 2, 1), 0, EMPTY);
        ExponentialHistogram negative = promql(0, 4, -5, 0, 0, 0, EMPTY, 0, buckets(1, 2, 1));

        assertClose(single.quantile(0.5), 1.414213562373095, 1e-12);
        assertClose(negative.quantile(0.5), -1.414213562373095, 1e-12);
    }

    /** {@code single_zero_histogram {{schema:0 z_bucket:1 z_bucket_w:0.5 sum:0.25 count:1}}}. */
    @Test
    void quantile_onlyZeroBucket_interpolatesAcrossBothSides() {
        ExponentialHistogram zeroOnly = promql(0, 1, 0.25, 1, 0.5, 0, EMPTY, 0, EMPTY);

        assertThat(zeroOnly.quantile(0.5)).isEqualTo(0.0);
    }

    /**
     * {@code balanced_histogram}: buckets:[1 2 1] plus n_buckets:[1 2 1]; "the lower bound of the
     * first populated bucket after the span of empty buckets".
     */
    @Test
    void quantile_rankBetweenPopulatedBuckets_returnsLowerBoundOfUpperOne() {
        ExponentialHistogram balanced = promql(0, 8, 0, 0, 0, 0, buckets(1, 2, 1), 0, buckets(1, 2, 1));

        assertThat(balanced.quantile(0.5)).isEqualTo(0.5);
    }

    /** {@code var_res_histogram}: "the interpolation logic must not depend on the schema". */
    @ParameterizedTest(name = "schema {0}, buckets at offset {1}: {2}")
    @CsvSource({"-1, 1, 2.0", "0, 1, 1.4142135623730951", "1, 1, 1.189207", "-1, 2, 8.0", "0, 2, 2.82842712474619",
        "1, 2, 1.6817928305074292"})
    void quantile_singlePopulatedBucket_independentOfSchema(int schema, int offset, double expected) {
        ExponentialHistogram positive = promql(schema, 5, 4, 0, 0, offset, buckets(5), 0, EMPTY);
        ExponentialHistogram negative = promql(schema, 5, 4, 0, 0, 0, EMPTY, offset, buckets(5));

        // The file prints 1.189207 to 7 digits; promqltest compares to 1e-6.
        assertClose(positive.quantile(0.5), expected, 1e-6);
        assertClose(negative.quantile(0.5), -expected, 1e-6);
    }

    /** {@code empty_histogram {{}}} and the documented NaN cases. */
    @Test
    void quantile_emptyHistogramOrNaN_isNaN() {
        assertThat(ExponentialHistogram.create().quantile(0.5)).isNaN();
        assertThat(POSITIVE.quantile(Double.NaN)).isNaN();
        assertThat(ExponentialHistogram.create().quantile(-0.1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ExponentialHistogram.create().quantile(1.1)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /**
     * Worked calculation for a sum of NaN (NaN was observed, counted but in no bucket): the walk
     * is forward, and a rank beyond the buckets returns the highest upper bound, per
     * HistogramQuantile's comment "this should only happen if the histogram contains observations
     * of the value NaN".
     */
    @Test
    void quantile_nanObserved_walksForwardAndCapsAtHighestBucket() {
        ExponentialHistogram withNaN = promql(0, 5, Double.NaN, 0, 0, 0, buckets(1, 2, 1), 0, EMPTY);

        assertThat(withNaN.quantile(0.99)).isEqualTo(4.0);
        assertThat(withNaN.quantile(0.1)).isEqualTo(Math.pow(2, -1 + 0.5));
    }

    /**
     * Found by NativeHistogramPathFuzzTest: at scale -10 bucket 0 is (2, 2^1024], its upper bound
     * clamps to Double.MAX_VALUE, log2 of which rounds to 1024, and 2^1024 overflowed to +Inf.
     */
    @Test
    void quantile_topOfBucketReachingMaxValue_isMaxValueNotInfinity() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(-10).zeroThreshold(0.001).zeroCount(4.5)
                .count(12.5).sum(4).positive(0, 6).negative(0, 2).build();

        assertThat(h.quantile(1)).isEqualTo(Double.MAX_VALUE);
        assertThat(h.quantile(0)).isEqualTo(-Double.MAX_VALUE);
    }

    /** Found by NativeHistogramPathFuzzTest: a zero bucket of threshold Double.MAX_VALUE is wider than a double. */
    @Test
    void quantile_zeroBucketWiderThanADouble_isFinite() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(0).zeroThreshold(Double.MAX_VALUE).zeroCount(4)
                .count(4).build();

        assertThat(h.quantile(0.5)).isEqualTo(0);
        assertThat(h.quantile(0)).isEqualTo(-Double.MAX_VALUE);
        assertThat(HistogramQuantile.quantilePrometheus242(h, 1)).isEqualTo(Double.MAX_VALUE);
    }

    /**
     * Found by NativeHistogramPathFuzzTest: near 2^54 the slots' running count rounds past the
     * count, the rank lands a third beyond the top bucket, and 2.42's linear interpolation in
     * (2^1008, Double.MAX_VALUE] overflowed to +Inf.
     */
    @Test
    void quantile_rankRoundedBeyondTopBucket_staysInTheBucket() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(-4).zeroThreshold(1).zeroCount(1.8014398509481988E16)
                .count(1.8014398509481992E16).sum(3).positive(63, 6).build();

        assertThat(HistogramQuantile.quantilePrometheus242(h, 1)).isEqualTo(Double.MAX_VALUE);
        assertThat(h.quantile(1)).isEqualTo(Double.MAX_VALUE);
    }

    private static void assertClose(double actual, double expected, double relative) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).isEqualTo(expected);
            return;
        }
        if (expected == 0) {
            assertThat(Math.abs(actual)).as("%s vs expected 0", actual).isLessThanOrEqualTo(1e-15);
            return;
        }
        assertThat(Math.abs(actual - expected)).as("%s vs expected %s", actual, expected)
                .isLessThanOrEqualTo(Math.abs(expected) * relative);
    }
}
