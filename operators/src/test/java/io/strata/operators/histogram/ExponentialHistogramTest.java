package io.strata.operators.histogram;

import static io.strata.operators.histogram.PrometheusHistograms.buckets;
import static io.strata.operators.histogram.PrometheusHistograms.floatHistogram;
import static io.strata.operators.histogram.PrometheusHistograms.prometheusBuckets;
import static io.strata.operators.histogram.PrometheusHistograms.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExponentialHistogramTest {

    /**
     * Source: opentelemetry-go sdk/metric/internal/aggregate/exponential_histogram_test.go,
     * testExpoHistogramDataPointRecord and testExpoHistogramDataPointRecordFloat64, the cases with
     * maxSize 4 (each value is recorded as v and -v, starting at scale 20).
     */
    static Stream<Arguments> openTelemetryGoRecordCases() {
        return Stream.of(
                Arguments.of(new double[] {2, 4, 1}, 0, -1, new double[] {1, 1, 1}),
                Arguments.of(new double[] {4, 4, 4, 2, 16, 1}, -1, -1, new double[] {1, 4, 1}),
                Arguments.of(new double[] {2, 2, 2, 1, 8, 0.5}, -1, -1, new double[] {2, 3, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openTelemetryGoRecordCases")
    void record_fourBuckets_downscalesLikeOpenTelemetryGo(double[] values, int scale, int offset, double[] counts) {
        ExponentialHistogram h = ExponentialHistogram.create(4);
        for (double v : values) {
            h.record(v);
            h.record(-v);
        }

        assertThat(h.scale()).isEqualTo(scale);
        assertThat(h.positive().offset()).isEqualTo(offset);
        assertThat(h.positive().toArray()).containsExactly(counts);
        assertThat(h.negative().offset()).isEqualTo(offset);
        assertThat(h.negative().toArray()).containsExactly(counts);
    }

    /**
     * Source: opentelemetry-go exponential_histogram_test.go testExpoHistogramMinMaxSumFloat64:
     * {2, 4, 1} plus +Inf, -Inf or NaN keeps min 1, max 4, sum 7 (OTel's SDK drops non-finite
     * values; the Go test's count 4 counts the call, Strata counts recorded values).
     */
    @Test
    void record_nonFiniteValues_areIgnored() {
        ExponentialHistogram h = ExponentialHistogram.create(4);
        for (double v : new double[] {2, 4, 1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}) {
            h.record(v);
        }

        assertThat(h.min()).isEqualTo(1);
        assertThat(h.max()).isEqualTo(4);
        assertThat(h.sum()).isEqualTo(7);
        assertThat(h.count()).isEqualTo(3);
    }

    /**
     * Source: opentelemetry-go exponential_histogram_test.go TestExpoBucketDownscale (start bin,
     * counts, scale change, expected start bin and counts).
     */
    static Stream<Arguments> openTelemetryGoDownscaleCases() {
        return Stream.of(
                Arguments.of("1 size bucket", 50, new double[] {7}, 4, 3, new double[] {7}),
                Arguments.of("zero scale", 50, new double[] {7, 5}, 0, 50, new double[] {7, 5}),
                Arguments.of("aligned bucket scale 1", 0, new double[] {1, 2, 3, 4, 5, 6}, 1, 0, new double[] {3, 7, 11}),
                Arguments.of("aligned bucket scale 2", 0, new double[] {1, 2, 3, 4, 5, 6}, 2, 0, new double[] {10, 11}),
                Arguments.of("aligned bucket scale 3", 0, new double[] {1, 2, 3, 4, 5, 6}, 3, 0, new double[] {21}),
                Arguments.of("unaligned bucket scale 1", 5, new double[] {1, 2, 3, 4, 5, 6}, 1, 2, new double[] {1, 5, 9, 6}),
                Arguments.of("unaligned bucket scale 2", 7, new double[] {1, 2, 3, 4, 5, 6}, 2, 1, new double[] {1, 14, 6}),
                Arguments.of("unaligned bucket scale 3", 3, new double[] {1, 2, 3, 4, 5, 6}, 3, 0, new double[] {15, 6}),
                Arguments.of("unaligned bucket scale 1 with gap", 1, new double[] {1, 0, 1}, 1, 0, new double[] {1, 1}),
                Arguments.of("negative startBin", -1, new double[] {1, 0, 3}, 1, -1, new double[] {1, 3}),
                Arguments.of("negative startBin 2", -4, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1, -2,
                        new double[] {3, 7, 11, 15, 19}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openTelemetryGoDownscaleCases")
    void downscale_buckets_mergeLikeOpenTelemetryGo(String name, int start, double[] counts, int by,
            int expectedStart, double[] expectedCounts) {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(10).positive(start, counts).build();

        h.downscale(by);

        assertThat(h.scale()).isEqualTo(10 - by);
        assertThat(h.positive().offset()).isEqualTo(expectedStart);
        assertThat(h.positive().toArray()).containsExactly(expectedCounts);
    }

    /**
     * Source: prometheus model/histogram/float_histogram_test.go TestFloatHistogramAdd, the cases
     * named below (in1, in2, expected as FloatHistogram literals). Compared by populated bucket
     * (Prometheus keeps some empty buckets in its spans, Strata drops them).
     */
    static Stream<Arguments> prometheusAddCases() {
        return Stream.of(
                Arguments.of("schema change",
                        floatHistogram(0, 0.01, 8, 21, 1.234, spans(-1, 4, 0, 3), buckets(5, 4, 2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(1, 0.01, 11, 30, 2.345, spans(-4, 3, 5, 5), buckets(1, 0, 0, 3, 2, 2, 3, 4),
                                spans(6, 3, 6, 4), buckets(3, 0.5, 0.5, 2, 3, 2, 4)),
                        floatHistogram(0, 0.01, 19, 51, 3.579, spans(-2, 5, 0, 3), buckets(1, 5, 4, 2, 6, 10, 9, 5),
                                spans(3, 3, 1, 3), buckets(3, 2, 1, 4, 9, 6))),
                Arguments.of("larger zero bucket in first histogram",
                        floatHistogram(0, 1, 17, 21, 1.234, spans(1, 2, 0, 3), buckets(2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(0, 0.01, 11, 30, 2.345, spans(-2, 2, 2, 3), buckets(1, 0, 3, 4, 7),
                                spans(3, 2, 3, 2), buckets(3, 1, 5, 6)),
                        floatHistogram(0, 1, 29, 51, 3.579, spans(1, 2, 0, 3), buckets(2, 6, 10, 9, 5),
                                spans(3, 3, 1, 3), buckets(3, 2, 1, 4, 9, 6))),
                Arguments.of("larger zero bucket in second histogram",
                        floatHistogram(0, 0.01, 11, 30, 2.345, spans(-2, 2, 2, 3), buckets(1, 0, 3, 4, 7),
                                spans(3, 2, 3, 2), buckets(3, 1, 5, 6)),
                        floatHistogram(0, 1, 17, 21, 1.234, spans(1, 2, 0, 3), buckets(2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(0, 1, 29, 51, 3.579, spans(1, 5), buckets(2, 6, 10, 9, 5),
                                spans(3, 7), buckets(3, 2, 1, 0, 4, 9, 6))),
                Arguments.of("larger zero threshold in first histogram ends up inside a populated bucket of second",
                        floatHistogram(0, 0.2, 17, 21, 1.234, spans(1, 2, 0, 3), buckets(2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(0, 0.01, 11, 30, 2.345, spans(-2, 2, 2, 3), buckets(1, 0, 3, 4, 7),
                                spans(3, 2, 3, 2), buckets(3, 1, 5, 6)),
                        floatHistogram(0, 0.25, 29, 51, 3.579, spans(-1, 1, 1, 5), buckets(0, 2, 6, 10, 9, 5),
                                spans(3, 7), buckets(3, 2, 1, 0, 4, 9, 6))),
                Arguments.of("larger zero threshold in second histogram ends up inside a populated bucket of first",
                        floatHistogram(0, 0.01, 11, 30, 2.345, spans(-2, 2, 2, 3), buckets(1, 0, 3, 4, 7),
                                spans(3, 2, 3, 2), buckets(3, 1, 5, 6)),
                        floatHistogram(0, 0.2, 17, 21, 1.234, spans(1, 2, 0, 3), buckets(2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(0, 0.25, 29, 51, 3.579, spans(1, 5), buckets(2, 6, 10, 9, 5),
                                spans(3, 7), buckets(3, 2, 1, 0, 4, 9, 6))),
                Arguments.of("schema change combined with larger zero bucket in second histogram",
                        floatHistogram(0, 0.01, 8, 21, 1.234, spans(-2, 5, 0, 3), buckets(2, 5, 4, 2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(1, 0.25, 12, 30, 2.345, spans(-3, 2, 5, 5), buckets(1, 0, 3, 2, 2, 3, 4),
                                spans(6, 3, 6, 4), buckets(3, 0.5, 0.5, 2, 3, 2, 4)),
                        floatHistogram(0, 0.25, 22, 51, 3.579, spans(-1, 7), buckets(6, 4, 2, 6, 10, 9, 5),
                                spans(3, 7), buckets(3, 2, 1, 0, 4, 9, 6))),
                Arguments.of("schema change combined with larger zero bucket in first histogram",
                        floatHistogram(0, 0.25, 8, 21, 1.234, spans(-1, 4, 0, 3), buckets(5, 4, 2, 3, 6, 2, 5),
                                spans(4, 2, 1, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(1, 0.01, 11, 30, 2.345, spans(-4, 3, 5, 5), buckets(1, 0, 0, 3, 2, 2, 3, 4),
                                spans(6, 3, 6, 4), buckets(3, 0.5, 0.5, 2, 3, 2, 4)),
                        floatHistogram(0, 0.25, 20, 51, 3.579, spans(-1, 4, 0, 3), buckets(5, 4, 2, 6, 10, 9, 5),
                                spans(3, 3, 1, 3), buckets(3, 2, 1, 4, 9, 6))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusAddCases")
    void merge_prometheusAddCases_matchFloatHistogramAdd(String name, ExponentialHistogram in1,
            ExponentialHistogram in2, ExponentialHistogram expected) {
        in1.merge(in2);

        assertThat(in1.scale()).isEqualTo(expected.scale());
        assertThat(in1.zeroThreshold()).isEqualTo(expected.zeroThreshold());
        assertThat(in1.zeroCount()).isEqualTo(expected.zeroCount());
        assertThat(in1.count()).isEqualTo(expected.count());
        assertThat(in1.sum()).isEqualTo(expected.sum());
        assertThat(prometheusBuckets(in1.positive())).isEqualTo(prometheusBuckets(expected.positive()));
        assertThat(prometheusBuckets(in1.negative())).isEqualTo(prometheusBuckets(expected.negative()));
    }

    /**
     * Worked calculation: two full 160-bucket histograms at scale 3 whose windows are 80 buckets
     * apart need 240 buckets at scale 3, so the merge lowers the scale to 2 (indices i >> 1).
     */
    @Test
    void merge_windowsWiderThanLimit_lowersScaleOfBoth() {
        ExponentialHistogram a = ExponentialHistogram.builder().scale(3).positive(0, ones(160)).build();
        ExponentialHistogram b = ExponentialHistogram.builder().scale(3).positive(80, ones(160)).build();

        a.merge(b);

        assertThat(a.scale()).isEqualTo(2);
        assertThat(a.positive().offset()).isZero();
        assertThat(a.positive().length()).isEqualTo(120);
        assertThat(a.positive().count(0)).isEqualTo(2);
        assertThat(a.positive().count(40)).isEqualTo(4);
        assertThat(a.positive().count(119)).isEqualTo(2);
        assertThat(a.positive().total()).isEqualTo(320);
        assertThat(a.count()).isEqualTo(320);
    }

    /**
     * Fuzz finding (NativeHistogramPathFuzzTest seed crash-952d…): at scale 8 the bucket at index
     * -274944 lies below the smallest double's resolution, so both its boundaries are
     * Double.MIN_VALUE. A zero threshold of Double.MIN_VALUE holds it whole, as decode already
     * decides; the merge must fold it into the zero count too, in either order.
     */
    @Test
    void merge_bucketBelowDoubleResolutionUnderNewZeroThreshold_foldsIntoZeroCount() {
        for (boolean bucketsFirst : new boolean[] {true, false}) {
            ExponentialHistogram buckets = ExponentialHistogram.builder().scale(8).positive(-274944, new double[] {6})
                    .zeroCount(36).count(42).build();
            ExponentialHistogram threshold = ExponentialHistogram.builder().scale(8).zeroThreshold(Double.MIN_VALUE).build();
            ExponentialHistogram merged = bucketsFirst ? buckets : threshold;
            merged.merge(bucketsFirst ? threshold : buckets);

            assertThat(merged.zeroThreshold()).as("buckets first: %s", bucketsFirst).isEqualTo(Double.MIN_VALUE);
            assertThat(merged.zeroCount()).as("buckets first: %s", bucketsFirst).isEqualTo(42);
            assertThat(merged.positive().total()).as("buckets first: %s", bucketsFirst).isZero();
            assertThat(merged.count()).isEqualTo(42);
        }
    }

    /** Specification: min and max are kept where both sides have them; an empty side is neutral. */
    @Test
    void merge_minMax_keptOnlyWhereBothSidesKnowThem() {
        ExponentialHistogram recorded = ExponentialHistogram.create();
        recorded.record(3);
        recorded.record(-2);
        ExponentialHistogram decoded = floatHistogram(0, 0, 0, 1, 5, spans(3, 1), buckets(1), spans(), buckets());

        ExponentialHistogram withEmpty = recorded.copy();
        withEmpty.merge(ExponentialHistogram.create());
        ExponentialHistogram withRecorded = recorded.copy();
        ExponentialHistogram other = ExponentialHistogram.create();
        other.record(10);
        withRecorded.merge(other);
        ExponentialHistogram withDecoded = recorded.copy();
        withDecoded.merge(decoded);

        assertThat(withEmpty.min()).isEqualTo(-2);
        assertThat(withEmpty.max()).isEqualTo(3);
        assertThat(withRecorded.min()).isEqualTo(-2);
        assertThat(withRecorded.max()).isEqualTo(10);
        assertThat(withDecoded.hasMinMax()).isFalse();
        assertThat(withDecoded.min()).isNaN();
    }

    @Test
    void record_valueWithinZeroThreshold_countsInZeroBucket() {
        ExponentialHistogram h = ExponentialHistogram.builder().zeroThreshold(0.001).build();

        h.record(0);
        h.record(-0.001);
        h.record(0.0011);

        assertThat(h.zeroCount()).isEqualTo(2);
        assertThat(h.positive().total()).isEqualTo(1);
        assertThat(h.count()).isEqualTo(3);
    }

    @Test
    void reset_afterRecording_returnsToInitialState() {
        ExponentialHistogram h = ExponentialHistogram.create(8);
        for (int i = 1; i < 1000; i++) {
            h.record(i);
        }

        h.reset();

        assertThat(h.count()).isZero();
        assertThat(h.scale()).isEqualTo(Base2ExponentialIndexer.MAX_SCALE);
        assertThat(h.positive().isEmpty()).isTrue();
    }

    @Test
    void build_maxBucketsOutOfRange_isRejected() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().maxBuckets(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBuckets is 2; expected 4..16384");
    }

    @Test
    void build_scaleOutOfRange_isRejected() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().scale(21).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scale is 21; expected -10..20");
    }

    @Test
    void build_negativeBucketCount_isRejected() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().positive(3, 1, -1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("positive bucket 4 has count -1.0; expected a finite value >= 0");
    }

    @Test
    void build_negativeZeroThreshold_isRejected() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().zeroThreshold(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zeroThreshold is -1.0; expected a finite value >= 0");
    }

    @Test
    void build_minAboveMax_isRejected() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().minMax(2, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("min 2.0 is greater than max 1.0");
    }

    @Test
    void build_bucketsWiderThanLimit_lowersScale() {
        ExponentialHistogram h = ExponentialHistogram.builder().maxBuckets(4).scale(0).positive(0, ones(8)).build();

        assertThat(h.scale()).isEqualTo(-1);
        assertThat(h.positive().toArray()).containsExactly(2, 2, 2, 2);
    }

    /**
     * Spans {1, 1}, {2147483646, 1}: the second bucket's Prometheus index is 2^31, one past
     * Integer.MAX_VALUE; it used to wrap to Integer.MIN_VALUE and fail with
     * NegativeArraySizeException when the dense window was allocated.
     */
    @Test
    void decode_bucketIndexPastIntMax_throwsNamingTheRange() {
        assertThatThrownBy(() -> floatHistogram(0, 0, 0, 2, 0, spans(1, 1, 2147483646, 1), buckets(1, 1),
                spans(), buckets()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive span 1 covers bucket indices 2147483648..2147483648")
                .hasMessageContaining("schema 0 has buckets -1074..1024");
    }

    /**
     * Buckets just below Integer.MAX_VALUE under a zero threshold of Double.MAX_VALUE: the zero
     * bucket walk in merge used to step past Integer.MAX_VALUE, wrap, spin through 2^32 indices
     * and then index out of bounds. No double has such a bucket, so it cannot be built.
     */
    @Test
    void build_bucketsNearIntMax_throwsInsteadOfSpinningInMerge() {
        assertThatThrownBy(() -> ExponentialHistogram.builder().scale(0).zeroThreshold(Double.MAX_VALUE)
                .positive(Integer.MAX_VALUE - 1, 1, 1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive buckets 2147483646..2147483647 are out of range at scale 0");
    }

    @Test
    void build_bucketOfLargestAndSmallestDouble_accepted() {
        for (int scale = Base2ExponentialIndexer.MIN_SCALE; scale <= Base2ExponentialIndexer.MAX_SCALE; scale++) {
            int low = Base2ExponentialIndexer.index(Double.MIN_VALUE, scale);
            int high = Base2ExponentialIndexer.index(Double.MAX_VALUE, scale);
            assertThat(low).as("scale %d", scale).isEqualTo(Base2ExponentialIndexer.minIndex(scale));
            assertThat(high).as("scale %d", scale).isEqualTo(Base2ExponentialIndexer.maxIndex(scale));
            ExponentialHistogram h = ExponentialHistogram.builder().maxBuckets(4).scale(scale)
                    .positive(low, 1).negative(high, 1).build();
            h.merge(h.copy());
            assertThat(h.count()).isEqualTo(4);
        }
    }

    private static double[] ones(int n) {
        double[] counts = new double[n];
        java.util.Arrays.fill(counts, 1);
        return counts;
    }
}
