package io.strata.operators.histogram;

import static io.strata.operators.histogram.PrometheusHistograms.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.histogram.PrometheusHistograms.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NativeHistogramCodecTest {

    /**
     * Source: prometheus storage/remote/otlptranslator/prometheusremotewrite/histograms_test.go
     * TestConvertBucketsLayout: OpenTelemetry offset and counts, the scale reduction, and the
     * expected Prometheus spans ({offset, length} pairs) and deltas. Strata reaches the reduction
     * the way the translator's caller does: a histogram at scale 8 + reduction is encoded at 8.
     */
    static Stream<Arguments> prometheusConvertBucketsLayoutCases() {
        return Stream.of(
                layout("zero offset", 0, new double[] {4, 3, 2, 1}, 0, new int[] {1, 4}, new long[] {4, -1, -1, -1}),
                layout("zero offset", 0, new double[] {4, 3, 2, 1}, 1, new int[] {1, 2}, new long[] {7, -4}),
                layout("zero offset", 0, new double[] {4, 3, 2, 1}, 2, new int[] {1, 1}, new long[] {10}),
                layout("offset 1", 1, new double[] {4, 3, 2, 1}, 0, new int[] {2, 4}, new long[] {4, -1, -1, -1}),
                layout("offset 1", 1, new double[] {4, 3, 2, 1}, 1, new int[] {1, 3}, new long[] {4, 1, -4}),
                layout("offset 1", 1, new double[] {4, 3, 2, 1}, 2, new int[] {1, 2}, new long[] {9, -8}),
                layout("positive offset", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0,
                        new int[] {5, 4, 12, 1}, new long[] {4, -2, -2, 2, -1}),
                layout("positive offset", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1,
                        new int[] {3, 2, 6, 1}, new long[] {6, -4, -1}),
                layout("positive offset", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2,
                        new int[] {2, 1, 3, 1}, new long[] {8, -7}),
                layout("scaledown merges spans", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 0,
                        new int[] {5, 4, 8, 1}, new long[] {4, -2, -2, 2, -1}),
                layout("scaledown merges spans", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 1,
                        new int[] {3, 2, 4, 1}, new long[] {6, -4, -1}),
                layout("scaledown merges spans", 4, new double[] {4, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2,
                        new int[] {2, 4}, new long[] {8, -8, 0, 1}),
                layout("negative offset", -2, new double[] {3, 1, 0, 0, 0, 1}, 0, new int[] {-1, 2, 3, 1},
                        new long[] {3, -2, 0}),
                layout("negative offset", -2, new double[] {3, 1, 0, 0, 0, 1}, 1, new int[] {0, 3}, new long[] {4, -4, 1}),
                layout("negative offset", -2, new double[] {3, 1, 0, 0, 0, 1}, 2, new int[] {0, 2}, new long[] {4, -3}),
                layout("buckets with gaps of size 1", -2, new double[] {3, 1, 0, 1, 0, 1}, 0, new int[] {-1, 6},
                        new long[] {3, -2, -1, 1, -1, 1}),
                layout("buckets with gaps of size 1", -2, new double[] {3, 1, 0, 1, 0, 1}, 1, new int[] {0, 3},
                        new long[] {4, -3, 0}),
                layout("buckets with gaps of size 1", -2, new double[] {3, 1, 0, 1, 0, 1}, 2, new int[] {0, 2},
                        new long[] {4, -2}),
                layout("buckets with gaps of size 2", -2, new double[] {3, 0, 0, 1, 0, 0, 1}, 0, new int[] {-1, 7},
                        new long[] {3, -3, 0, 1, -1, 0, 1}),
                layout("buckets with gaps of size 2", -2, new double[] {3, 0, 0, 1, 0, 0, 1}, 1, new int[] {0, 4},
                        new long[] {3, -2, -1, 1}),
                layout("buckets with gaps of size 2", -2, new double[] {3, 0, 0, 1, 0, 0, 1}, 2, new int[] {0, 3},
                        new long[] {3, -2, 0}),
                layout("zero buckets", 0, new double[0], 1, new int[0], new long[0]));
    }

    private static Arguments layout(String name, int offset, double[] counts, int scaleDown, int[] spans,
            long[] deltas) {
        return Arguments.of(name + " scaled down by " + scaleDown, offset, counts, scaleDown, spans, deltas);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusConvertBucketsLayoutCases")
    void encode_bucketLayout_matchesPrometheusOtlpTranslator(String name, int offset, double[] counts, int scaleDown,
            int[] spans, long[] deltas) {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(8 + scaleDown).positive(offset, counts).build();

        Shape p = encode(h, ResetHint.UNKNOWN);

        assertThat(p.schema()).isEqualTo(8);
        assertThat(pairs(p.positiveSpanOffsets(), p.positiveSpanLengths())).containsExactly(spans);
        assertThat(deltas(p.positiveCounts())).as("the wire's deltas").containsExactly(deltas);
        assertThat(p.floatCounts()).isFalse();
    }

    /**
     * Source: prometheus .../prometheusremotewrite/histograms_test.go TestExponentialToNativeHistogram,
     * "convert exp. to native histogram" (scale 1; OTel's default zero threshold 1e-128; deltas
     * {1, 0} are absolute counts {1, 1}). The vector's count is 4 while zero count and buckets hold
     * 5: the translator copies it into an integer histogram that Prometheus' own Validate refuses,
     * so Strata marks the counts as float counts, which carry no such constraint.
     */
    @Test
    void encode_scaleOne_matchesExponentialToNativeHistogram() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(1).zeroThreshold(1e-128).zeroCount(1)
                .count(4).sum(10.1).positive(1, 1, 1).negative(1, 1, 1).build();

        Shape p = encode(h, ResetHint.UNKNOWN);

        assertThat(p).usingRecursiveComparison().isEqualTo(new Shape(1, 1e-128, 1, 4, 10.1,
                new int[] {2}, new int[] {2}, new double[] {1, 1},
                new int[] {2}, new int[] {2}, new double[] {1, 1}, ResetHint.UNKNOWN.wireNumber(), true));
    }

    /** Source: as above, "downsample if scale is more than 8" (scale 9 encoded at schema 8). */
    @Test
    void encode_scaleNine_downscalesToEight() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(9).zeroThreshold(1e-128).zeroCount(1)
                .count(6).sum(10.1).positive(1, 1, 1, 1).negative(2, 1, 1, 1).build();

        Shape p = encode(h, ResetHint.UNKNOWN);

        assertThat(p.schema()).isEqualTo(8);
        assertThat(pairs(p.positiveSpanOffsets(), p.positiveSpanLengths())).containsExactly(1, 2);
        assertThat(deltas(p.positiveCounts())).containsExactly(1, 1);
        assertThat(pairs(p.negativeSpanOffsets(), p.negativeSpanLengths())).containsExactly(2, 2);
        assertThat(deltas(p.negativeCounts())).containsExactly(2, -1);
        assertThat(h.scale()).as("the input is not changed").isEqualTo(9);
    }

    /** Source: as above, "invalid negative scale" (scale -10 is rejected). */
    @Test
    void encode_scaleBelowMinusFour_isRejected() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(-10).positive(0, 1).build();

        assertThatThrownBy(() -> encode(h, ResetHint.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scale -10 is below Prometheus' lowest schema -4; a coarser bucket cannot be split");
    }

    @Test
    void encode_countAboveBuckets_usesFloatCountsUnlessSumIsNaN() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(0).count(6).sum(10).positive(0, 1, 4).build();
        ExponentialHistogram nanObserved = ExponentialHistogram.builder().scale(0).count(6).sum(Double.NaN)
                .positive(0, 1, 4).build();

        assertThat(encode(h, ResetHint.UNKNOWN).floatCounts()).isTrue();
        assertThat(encode(nanObserved, ResetHint.UNKNOWN).floatCounts()).as("NaN counts but is in no bucket").isFalse();
        assertThatThrownBy(() -> NativeHistogramCodec.encode(h, ResetHint.UNKNOWN, false, Shape::new))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encode_fractionalCounts_usesFloatCounts() {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(0).positive(0, 0.5, 1.5).build();

        Shape p = encode(h, ResetHint.GAUGE);

        assertThat(p.floatCounts()).isTrue();
        assertThat(p.positiveCounts()).containsExactly(0.5, 1.5);
        assertThat(p.resetHint()).isEqualTo(ResetHint.GAUGE.wireNumber());
    }

    @Test
    void decode_integerHistogram_roundTrips() {
        ExponentialHistogram h = ExponentialHistogram.create();
        for (double v : new double[] {0, 0.001, 1, 2, 3, 100, 1e6, -4, -5}) {
            h.record(v);
        }
        Shape p = encode(h, ResetHint.NO);

        ExponentialHistogram back = NativeHistogramCodec.decode(p, ExponentialHistogram.DEFAULT_MAX_BUCKETS);

        assertThat(back.scale()).isEqualTo(Math.min(8, h.scale()));
        assertThat(back.count()).isEqualTo(h.count());
        assertThat(back.sum()).isEqualTo(h.sum());
        assertThat(back.zeroCount()).isEqualTo(1);
        assertThat(encode(back, ResetHint.NO)).usingRecursiveComparison().isEqualTo(p);
    }

    @Test
    void decode_intoScratch_replacesEverythingAndKeepsScratchOnRejection() {
        ExponentialHistogram scratch = ExponentialHistogram.create();
        scratch.record(-3);
        Shape first = Shape.positive(0, 1, 3, 5, new int[] {1}, new int[] {2}, 1, 1);

        NativeHistogramCodec.decode(first, scratch);

        assertThat(scratch.negative().isEmpty()).isTrue();
        assertThat(scratch.hasMinMax()).isFalse();
        assertThat(encode(scratch, ResetHint.UNKNOWN)).usingRecursiveComparison().isEqualTo(first);
        assertThatThrownBy(() -> NativeHistogramCodec.decode(Shape.positive(0, 0, 9, 1, new int[] {1}, new int[] {1}, 1),
                scratch)).isInstanceOf(IllegalArgumentException.class);
        assertThat(encode(scratch, ResetHint.UNKNOWN)).usingRecursiveComparison().isEqualTo(first);
    }

    @Test
    void decode_customBucketSchema_isRejected() {
        Shape nhcb = Shape.positive(-53, 0, 0, 0, new int[0], new int[0]);

        assertThatThrownBy(() -> decode(nhcb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema -53 is not an exponential schema (-4..8); custom-bucket histograms (NHCB) are "
                        + "not supported");
    }

    @Test
    void decode_spansNotMatchingCounts_isRejected() {
        Shape p = Shape.positive(0, 0, 3, 1, new int[] {1}, new int[] {3}, 1, 2);

        assertThatThrownBy(() -> decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("positive spans hold 3 buckets but 2 counts were given");
    }

    @Test
    void decode_negativeCount_isRejected() {
        Shape p = Shape.positive(0, 0, 1, 1, new int[] {1}, new int[] {2}, 1, -1);

        assertThatThrownBy(() -> decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("positive bucket 1 has count -1.0; expected 0..1.8446744073709552E19");
    }

    @Test
    void decode_infiniteCount_isRejected() {
        Shape p = Shape.positive(0, 0, Double.POSITIVE_INFINITY, 1, new int[] {1}, new int[] {1}, 1);

        assertThatThrownBy(() -> decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count is Infinity; expected 0..1.8446744073709552E19");
    }

    /** Found by NativeHistogramPathFuzzTest: merging two counts near Double.MAX_VALUE gave +Inf, which state cannot hold. */
    @Test
    void decode_countAbove2To64_isRejected() {
        Shape p = Shape.positive(0, 0, 1e300, 1, new int[] {1}, new int[] {1}, 1e300);

        assertThatThrownBy(() -> decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count is 1.0E300; expected 0..1.8446744073709552E19");
    }

    /** Prometheus Histogram.Validate: an integer histogram's count equals zero count plus buckets. */
    @Test
    void decode_integerCountMismatch_isRejected() {
        Shape p = Shape.positive(0, 1, 5, 1, new int[] {1}, new int[] {2}, 1, 2);

        assertThatThrownBy(() -> decode(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count is 5.0 but zero count and buckets add up to 4.0; expected equal");
    }

    @Test
    void decode_spansWiderThanLimit_lowersScale() {
        Shape p = Shape.positive(2, 0, 2, 1, new int[] {0, 400}, new int[] {1, 1}, 1, 1);

        ExponentialHistogram h = NativeHistogramCodec.decode(p, 160);

        assertThat(h.scale()).isEqualTo(0);
        assertThat(h.positive().total()).isEqualTo(2);
        assertThat(h.positive().length()).isLessThanOrEqualTo(160);
    }

    /** Empty buckets at the ends of the spans do not widen the window nor lower the scale. */
    @Test
    void decode_emptyBucketsFarApart_keepScale() {
        Shape p = Shape.positive(2, 0, 1, 1, new int[] {0, 1000}, new int[] {1, 1}, 0, 1);

        ExponentialHistogram h = NativeHistogramCodec.decode(p, 160);

        assertThat(h.scale()).isEqualTo(2);
        assertThat(h.positive().offset()).isEqualTo(1000);
        assertThat(h.positive().length()).isEqualTo(1);
    }

    /**
     * Found by NativeHistogramPathFuzzTest: buckets entirely within the zero bucket (here 2^-1088
     * .. 2^-1056 under a threshold of 0.001) were kept as buckets, and a merge then dropped them
     * as already in the zero count, so zero count plus buckets no longer added up to the count.
     */
    @Test
    void decode_bucketsWithinZeroBucket_countInZeroCount() {
        Shape p = new Shape(-4, 0.001, 1, 6, 1, new int[] {-67, 70}, new int[] {2, 1}, new double[] {1, 2, 2},
                new int[0], new int[0], new double[0], 0, false);

        ExponentialHistogram h = decode(p);
        ExponentialHistogram merged = ExponentialHistogram.create();
        merged.merge(h);

        assertThat(h.zeroCount()).isEqualTo(4);
        assertThat(h.positive().offset()).as("Prometheus index -65 + 70 = 5").isEqualTo(4);
        assertThat(h.positive().toArray()).containsExactly(2);
        assertThat(merged.zeroCount() + merged.positive().total()).isEqualTo(6);
    }

    private static ExponentialHistogram decode(Shape p) {
        return NativeHistogramCodec.decode(p, ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /** The integer deltas remote_write would carry for these absolute counts. */
    private static long[] deltas(double[] absolute) {
        long[] deltas = new long[absolute.length];
        long previous = 0;
        for (int i = 0; i < absolute.length; i++) {
            deltas[i] = (long) absolute[i] - previous;
            previous = (long) absolute[i];
        }
        return deltas;
    }

    private static int[] pairs(int[] offsets, int[] lengths) {
        int[] pairs = new int[offsets.length * 2];
        for (int i = 0; i < offsets.length; i++) {
            pairs[2 * i] = offsets[i];
            pairs[2 * i + 1] = lengths[i];
        }
        return pairs;
    }
}
