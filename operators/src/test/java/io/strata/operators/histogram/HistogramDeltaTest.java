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

class HistogramDeltaTest {

    /** The "previous" histogram most TestFloatHistogramDetectReset cases start from. */
    private static ExponentialHistogram base(double zeroCount, double count, double sum, double[] positive,
            double[] negative) {
        return floatHistogram(0, 0.01, zeroCount, count, sum, spans(-2, 2, 1, 3), positive,
                spans(3, 2, 3, 2), negative);
    }

    private static final double[] POS = {1, 0, 3.3, 4.2, 0.1};
    private static final double[] NEG = {3.1, 3, 1.234e5, 1000};

    /**
     * Source: prometheus model/histogram/float_histogram_test.go TestFloatHistogramDetectReset,
     * the cases named below (previous, current, resetExpected).
     */
    static Stream<Arguments> prometheusDetectResetCases() {
        ExponentialHistogram empty = floatHistogram(0, 0, 0, 0, 0, spans(), buckets(), spans(), buckets());
        ExponentialHistogram some = floatHistogram(0, 0.01, 5.5, 3493.3, 2349209.324, spans(-2, 1, 2, 3),
                buckets(1, 3.3, 4.2, 0.1), spans(3, 2, 3, 2), NEG);
        ExponentialHistogram oneMore = floatHistogram(0, 0.01, 5.5, 3493.3, 2349209.324, spans(-2, 2, 1, 3),
                buckets(1, 1.23, 3.3, 4.2, 0.1), spans(3, 2, 3, 2), NEG);
        ExponentialHistogram base = base(5.5, 3493.3, 2349209.324, POS, NEG);
        return Stream.of(
                Arguments.of("zero values", empty, empty, false),
                Arguments.of("no buckets to some buckets", empty, some, false),
                Arguments.of("some buckets to no buckets", some, empty, true),
                Arguments.of("one bucket appears, nothing else changes", some, oneMore, false),
                Arguments.of("one bucket disappears, nothing else changes", oneMore, some, true),
                Arguments.of("an unpopulated bucket disappears, nothing else changes", base, some, false),
                Arguments.of("an unpopulated bucket disappears in a histogram with nothing else",
                        floatHistogram(0, 0, 0, 0, 0, spans(23, 1), buckets(0), spans(), buckets()), empty, false),
                Arguments.of("zero count goes up", base, base(5.6, 3493.3, 2349209.324, POS, NEG), false),
                Arguments.of("zero count goes down", base, base(5.4, 3493.3, 2349209.324, POS, NEG), true),
                Arguments.of("count goes up", base, base(5.5, 3493.4, 2349209.324, POS, NEG), false),
                Arguments.of("count goes down", base, base(5.5, 3493.2, 2349209.324, POS, NEG), true),
                Arguments.of("sum goes up", base, base(5.5, 3493.3, 2349210, POS, NEG), false),
                Arguments.of("sum goes down", base, base(5.5, 3493.3, 2349200, POS, NEG), false),
                Arguments.of("one positive bucket goes up", base,
                        base(5.5, 3493.3, 2349209.324, buckets(1, 0, 3.3, 4.3, 0.1), NEG), false),
                Arguments.of("one positive bucket goes down", base,
                        base(5.5, 3493.3, 2349209.324, buckets(1, 0, 3.3, 4.1, 0.1), NEG), true),
                Arguments.of("one negative bucket goes up", base,
                        base(5.5, 3493.3, 2349209.324, POS, buckets(3.1, 3.1, 1.234e5, 1000)), false),
                Arguments.of("one negative bucket goes down", base,
                        base(5.5, 3493.3, 2349209.324, POS, buckets(3.1, 2.9, 1.234e5, 1000)), true),
                Arguments.of("zero threshold decreases", oneMore, floatHistogram(0, 0.009, 5.5, 3493.3, 2349209.324,
                        spans(-2, 2, 1, 3), buckets(1, 1.23, 3.3, 4.2, 0.1), spans(3, 2, 3, 2), NEG), true),
                Arguments.of("zero threshold increases without touching any existing buckets", oneMore,
                        floatHistogram(0, 0.011, 5.5, 3493.3, 2349209.324, spans(-2, 2, 1, 3),
                                buckets(1, 1.23, 3.3, 4.2, 0.1), spans(3, 2, 3, 2), NEG), false),
                Arguments.of("zero threshold increases enough to cover existing buckets", oneMore,
                        floatHistogram(0, 1, 7.73, 3493.3, 2349209.324, spans(1, 3), buckets(3.3, 4.2, 0.1),
                                spans(3, 2, 3, 2), NEG), false),
                Arguments.of("zero threshold increases into the middle of an existing buckets", oneMore,
                        floatHistogram(0, 0.3, 5.5, 3493.3, 2349209.324, spans(-2, 2, 1, 3),
                                buckets(1, 1.23, 3.3, 4.2, 0.1), spans(3, 2, 3, 2), NEG), true),
                Arguments.of("schema increases without any other changes", oneMore,
                        floatHistogram(1, 0.01, 5.5, 3493.3, 2349209.324, spans(-5, 4, 2, 6),
                                buckets(0.4, 0.6, 1, 0.23, 2, 1.3, 1.2, 3, 0.05, 0.05), spans(5, 4, 6, 4),
                                buckets(2, 1.1, 2, 1, 0.234e5, 1e5, 500, 500)), true),
                Arguments.of("schema decreases without any other changes",
                        floatHistogram(1, 0.01, 5.5, 3493.3, 2349209.324, spans(-5, 4, 2, 6),
                                buckets(0.4, 0.6, 1, 0.23, 2, 1.3, 1.2, 3, 0.05, 0.05), spans(5, 4, 6, 4),
                                buckets(2, 1.1, 2, 1, 0.234e5, 1e5, 500, 500)), oneMore, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusDetectResetCases")
    void isReset_prometheusCases_matchDetectReset(String name, ExponentialHistogram previous,
            ExponentialHistogram current, boolean expected) {
        assertThat(HistogramDelta.isReset(current, previous, ResetHint.UNKNOWN)).isEqualTo(expected);
    }

    @Test
    void isReset_hints_overrideTheData() {
        ExponentialHistogram previous = base(5.5, 3493.3, 2349209.324, POS, NEG);
        ExponentialHistogram current = base(5.6, 3493.4, 2349209.324, POS, NEG);

        assertThat(HistogramDelta.isReset(current, previous, ResetHint.YES)).isTrue();
        assertThat(HistogramDelta.isReset(previous, current, ResetHint.NO)).isFalse();
        assertThat(HistogramDelta.isReset(previous, current, ResetHint.GAUGE)).isTrue();
    }

    /**
     * Source: prometheus model/histogram/float_histogram_test.go TestFloatHistogramSub: without a
     * reset the delta is in1.Sub(in2) (current = in1, previous = in2).
     */
    static Stream<Arguments> prometheusSubCases() {
        return Stream.of(
                Arguments.of("same bucket layout",
                        floatHistogram(0, 0.01, 11, 30, 23, spans(-2, 2, 1, 3), buckets(1, 0, 3, 4, 7),
                                spans(3, 2, 3, 2), buckets(3, 1, 5, 6)),
                        floatHistogram(0, 0.01, 8, 21, 12, spans(-2, 2, 1, 3), buckets(0, 0, 2, 3, 6),
                                spans(3, 2, 3, 2), buckets(1, 1, 4, 4)),
                        floatHistogram(0, 0.01, 3, 9, 11, spans(-2, 2, 1, 3), buckets(1, 0, 1, 1, 1),
                                spans(3, 2, 3, 2), buckets(2, 0, 1, 2))),
                Arguments.of("schema change",
                        floatHistogram(0, 0.01, 8, 59, 1.234, spans(-2, 5, 0, 3), buckets(2, 5, 4, 2, 3, 6, 7, 5),
                                spans(3, 3, 1, 3), buckets(4, 10, 1, 4, 14, 7)),
                        floatHistogram(1, 0.01, 2, 19, 0.345, spans(-4, 3, 5, 5), buckets(1, 0, 0, 1, 2, 2, 3, 4),
                                spans(6, 3, 6, 4), buckets(3, 0.5, 0.5, 2, 3, 2, 4)),
                        floatHistogram(0, 0.01, 6, 40, 0.889, spans(-2, 5, 0, 3), buckets(1, 5, 4, 2, 2, 2, 0, 5),
                                spans(3, 3, 1, 3), buckets(1, 9, 1, 4, 9, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prometheusSubCases")
    void delta_noReset_matchesFloatHistogramSub(String name, ExponentialHistogram current,
            ExponentialHistogram previous, ExponentialHistogram expected) {
        ExponentialHistogram delta = ExponentialHistogram.create();

        boolean reset = HistogramDelta.delta(current, previous, ResetHint.UNKNOWN, delta);

        assertThat(reset).isFalse();
        assertThat(delta.scale()).isEqualTo(expected.scale());
        assertThat(delta.zeroCount()).isEqualTo(expected.zeroCount());
        assertThat(delta.count()).isEqualTo(expected.count());
        assertThat(delta.sum()).isEqualTo(expected.sum());
        assertThat(prometheusBuckets(delta.positive())).isEqualTo(prometheusBuckets(expected.positive()));
        assertThat(prometheusBuckets(delta.negative())).isEqualTo(prometheusBuckets(expected.negative()));
        assertThat(delta.hasMinMax()).isFalse();
    }

    /** Specification (issue 3): after a reset the delta is everything since the reset. */
    @Test
    void delta_afterReset_isTheCurrentHistogram() {
        ExponentialHistogram previous = ExponentialHistogram.create();
        ExponentialHistogram current = ExponentialHistogram.create();
        for (int i = 1; i <= 100; i++) {
            previous.record(i);
        }
        current.record(7);
        current.record(8);
        ExponentialHistogram delta = ExponentialHistogram.create();

        boolean reset = HistogramDelta.delta(current, previous, ResetHint.UNKNOWN, delta);

        assertThat(reset).isTrue();
        assertThat(delta.count()).isEqualTo(2);
        assertThat(delta.min()).isEqualTo(7);
        assertThat(delta.max()).isEqualTo(8);
    }

    @Test
    void delta_hintNoContradictedByData_isRejected() {
        ExponentialHistogram previous = ExponentialHistogram.create();
        previous.record(5);
        previous.record(6);
        ExponentialHistogram current = ExponentialHistogram.create();
        current.record(5);

        assertThatThrownBy(() -> HistogramDelta.delta(current, previous, ResetHint.NO, ExponentialHistogram.create()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reset hint NO contradicts the data");
    }

    /**
     * Found by NativeHistogramPathFuzzTest: the previous bucket (1, 2] at scale 0 lies within the
     * current threshold 2, so its count moves into the previous zero count; the current
     * histogram is at scale -3, where it falls into (1, 256], which straddles the threshold. It
     * used to be subtracted from that bucket as well, and the delta's parts lost one count.
     */
    @Test
    void delta_previousBucketWithinThresholdButCoarseBucketStraddlesIt_subtractedOnce() {
        ExponentialHistogram previous = ExponentialHistogram.builder().scale(0).zeroThreshold(1).zeroCount(1).count(2)
                .negative(0, 1).build();
        ExponentialHistogram current = ExponentialHistogram.builder().scale(-3).zeroThreshold(2).zeroCount(20).count(36)
                .negative(0, 13, 0, 0, 0, 3).build();
        ExponentialHistogram into = ExponentialHistogram.create();

        assertThat(HistogramDelta.delta(current, previous, ResetHint.UNKNOWN, into)).isFalse();

        assertThat(into.count()).isEqualTo(34);
        assertThat(into.zeroCount()).isEqualTo(18);
        assertThat(into.negative().toArray()).containsExactly(13, 0, 0, 0, 3);
    }
}
