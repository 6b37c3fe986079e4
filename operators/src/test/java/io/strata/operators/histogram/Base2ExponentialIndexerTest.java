package io.strata.operators.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base2ExponentialIndexerTest {

    /** Source: opentelemetry-java Base2ExponentialHistogramIndexerTest.computeIndex_ScaleOne. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x1.fffffffffffffp1023, 2047", "0x1p1023, 2045", "0x1.1p1023, 2046", "0x1p1022, 2043",
        "0x1.1p1022, 2044", "0x1p-1022, -2045", "0x1.1p-1022, -2044", "0x1p-1021, -2043",
        "0x1.1p-1021, -2042", "0x0.0000000000001p-1022, -2149", "15, 7", "9, 6", "7, 5", "5, 4", "3, 3",
        "2.5, 2", "1.5, 1", "1.2, 0", "1, -1", "0.75, -1", "0.55, -2", "0.45, -3"})
    void index_scaleOne_matchesOpenTelemetryJava(double value, int expected) {
        assertThat(Base2ExponentialIndexer.index(value, 1)).isEqualTo(expected);
        assertThat(Base2ExponentialIndexer.index(-value, 1)).isEqualTo(expected);
    }

    /** Source: opentelemetry-java Base2ExponentialHistogramIndexerTest.computeIndex_ScaleZero. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x1.fffffffffffffp1023, 1023", "0x1p1023, 1022", "0x1.1p1023, 1023", "0x1p1022, 1021",
        "0x1.1p1022, 1022", "0x1p-1022, -1023", "0x1.1p-1022, -1022", "0x1p-1021, -1022",
        "0x1.1p-1021, -1021", "0x0.0000000000001p-1022, -1075", "4, 1", "3, 1", "2, 0", "1.5, 0", "1, -1",
        "0.75, -1", "0.51, -1", "0.5, -2", "0.26, -2", "0.25, -3", "0.126, -3", "0.125, -4"})
    void index_scaleZero_matchesOpenTelemetryJava(double value, int expected) {
        assertThat(Base2ExponentialIndexer.index(value, 0)).isEqualTo(expected);
    }

    /** Source: opentelemetry-java Base2ExponentialHistogramIndexerTest.computeIndex_ScaleNegOne. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "17, 2", "16, 1", "15, 1", "9, 1", "8, 1", "5, 1", "4, 0", "3, 0", "2, 0", "1.5, 0", "1, -1",
        "0.75, -1", "0.5, -1", "0.25, -2", "0.20, -2", "0.13, -2", "0.125, -2", "0.10, -2", "0.0625, -3",
        "0.06, -3"})
    void index_scaleMinusOne_matchesOpenTelemetryJava(double value, int expected) {
        assertThat(Base2ExponentialIndexer.index(value, -1)).isEqualTo(expected);
    }

    /** Source: opentelemetry-java Base2ExponentialHistogramIndexerTest.valueToIndex_ScaleNegFour. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0x1p0, -1", "0x10p0, 0", "0x10000p0, 0", "0x100000p0, 1", "0x100000000p0, 1", "0x1000000000p0, 2",
        "0x1p64, 3", "0x1p68, 4", "0x1p84, 5", "0x1p-4, -1", "0x1p-12, -1", "0x1p-16, -2", "0x1p-32, -3",
        "0x1p-48, -4", "0x1p-64, -5", "0x1.FFFFFFFFFFFFFp1023, 63", "0x1p1023, 63", "0x1p1009, 63",
        "0x1p1008, 62", "0x1p993, 62", "0x1p992, 61", "0x1p-1074, -68", "0x1p-1057, -67", "0x1p-1056, -67",
        "0x1p-1041, -66", "0x1p-1025, -65", "0x1p-1024, -65", "0x1p-1023, -64", "0x1p-1022, -64",
        "0x1p-1008, -64", "0x1p-1007, -63", "0x1p-992, -63", "0x1p-991, -62", "0x1p-975, -61"})
    void index_scaleMinusFour_matchesOpenTelemetryJava(double value, int expected) {
        assertThat(Base2ExponentialIndexer.index(value, -4)).isEqualTo(expected);
    }

    /**
     * Source: opentelemetry-go sdk/metric/internal/aggregate/exponential_histogram_test.go
     * TestExponentialHistogramDataPointRecordLimits ("floor(log2(value) * 2^20) using an arbitrary
     * precision calculator"; MaxInt64 converts to 2^63).
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0x1.fffffffffffffp1023, 1073741823", "0x0.0000000000001p-1022, -1126170625",
        "0x1p63, 66060287"})
    void index_scaleTwenty_matchesOpenTelemetryGoLimits(double value, int expected) {
        assertThat(Base2ExponentialIndexer.index(value, 20)).isEqualTo(expected);
    }

    /**
     * Source: OpenTelemetry metrics data model, "Exponential Buckets", the scale=3 table of lower
     * boundaries (printed to 5 decimals).
     */
    @ParameterizedTest(name = "bucket {0} starts at {1}")
    @CsvSource({"0, 1", "1, 1.09051", "2, 1.18921", "3, 1.29684", "4, 1.41421", "5, 1.54221", "6, 1.68179",
        "7, 1.83401", "8, 2"})
    void lowerBoundary_scaleThree_matchesSpecTable(int index, double expected) {
        assertThat(Base2ExponentialIndexer.lowerBoundary(index, 3)).isCloseTo(expected, within(5e-6));
    }

    /**
     * Worked calculation from the data model: {@code base^index} at scale {@code s} is {@code
     * 2^(index / 2^s)} (decimals from Python 3 decimal, 40 digits); the spec's reverse mapping for scale &le; 0 is exact, and the last bucket's
     * upper boundary 2^1024 is reported as Double.MAX_VALUE (Prometheus getBoundExponential).
     */
    @ParameterizedTest(name = "scale {1} index {0} -> {2}")
    @CsvSource({"-1, 0, 0.5", "1, 0, 2", "3, -1, 64", "-67, -4, 0x1p-1072", "64, -4, 0x1.fffffffffffffp1023",
        "2, 1, 2", "-3, 2, 0.5946035575013605", "1024, 0, 0x1.fffffffffffffp1023", "-1, 20, 0.9999993389635549"})
    void lowerBoundary_workedValues_match(int index, int scale, double expected) {
        assertThat(Base2ExponentialIndexer.lowerBoundary(index, scale)).isCloseTo(expected, within(Math.ulp(expected) * 2));
    }

    /** Worked calculation: 2^k is the inclusive upper boundary of bucket (k << s) - 1 at every scale. */
    @ParameterizedTest(name = "scale {0}")
    @CsvSource({"-10", "-4", "-1", "0", "1", "3", "8", "12", "20"})
    void index_exactPowersOfTwo_closeTheBucketBelow(int scale) {
        for (int k = -1074; k <= 1023; k += 7) {
            double value = Math.scalb(1.0, k);
            long expected = scale > 0 ? ((long) k << scale) - 1 : (k - 1) >> -scale;
            assertThat(Base2ExponentialIndexer.index(value, scale)).as("2^%d", k).isEqualTo(expected);
        }
    }
}
