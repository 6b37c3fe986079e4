package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.ResetHint;
import org.junit.jupiter.api.Test;

class NativeHistogramConverterTest {

    /**
     * Source: prometheus model/histogram/float_histogram_test.go TestFloatHistogramAdd "same bucket
     * layout" in1 as the decoder would deliver it (absolute counts), with the count made to add up
     * (41) as an integer histogram must.
     */
    private static NativeHistogram sample(boolean floatCounts) {
        return new NativeHistogram(0, 0.01, 11, 41, 2.345,
                new int[] {-2, 1}, new int[] {2, 3}, new double[] {1, 0, 3, 4, 7},
                new int[] {3, 3}, new int[] {2, 2}, new double[] {3, 1, 5, 6},
                ResetHint.NO.wireNumber(), floatCounts);
    }

    @Test
    void toExponential_integerSample_placesBucketsAtPrometheusIndexMinusOne() {
        ExponentialHistogram h = NativeHistogramConverter.toExponential(sample(false), 160);

        assertThat(h.scale()).isZero();
        assertThat(h.count()).isEqualTo(41);
        assertThat(h.zeroCount()).isEqualTo(11);
        assertThat(h.positive().offset()).isEqualTo(-3);
        assertThat(h.positive().toArray()).containsExactly(1, 0, 0, 3, 4, 7);
        assertThat(h.negative().offset()).isEqualTo(2);
        assertThat(h.negative().toArray()).containsExactly(3, 1, 0, 0, 0, 5, 6);
        assertThat(NativeHistogramConverter.resetHint(sample(false))).isEqualTo(ResetHint.NO);
    }

    @Test
    void toRecord_afterToExponential_givesTheSameSample() {
        for (boolean floatCounts : new boolean[] {false, true}) {
            NativeHistogram sample = sample(floatCounts);

            NativeHistogram back = NativeHistogramConverter.toRecord(
                    NativeHistogramConverter.toExponential(sample, 160), ResetHint.NO, floatCounts);

            // Gaps of up to two empty buckets stay inside a span (Prometheus' OTLP translator layout).
            assertThat(back).isEqualTo(new NativeHistogram(0, 0.01, 11, 41, 2.345,
                    new int[] {-2}, new int[] {6}, new double[] {1, 0, 0, 3, 4, 7},
                    new int[] {3, 3}, new int[] {2, 2}, new double[] {3, 1, 5, 6},
                    ResetHint.NO.wireNumber(), floatCounts));
        }
    }

    @Test
    void toExponential_integerCountMismatch_isRejected() {
        NativeHistogram bad = new NativeHistogram(0, 0, 0, 3, 1, new int[] {1}, new int[] {1}, new double[] {1},
                new int[0], new int[0], new double[0], 0, false);

        assertThatThrownBy(() -> NativeHistogramConverter.toExponential(bad, 160))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count is 3.0 but zero count and buckets add up to 1.0; expected equal");
    }
}
