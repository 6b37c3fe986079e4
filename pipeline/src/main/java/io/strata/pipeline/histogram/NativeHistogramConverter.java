package io.strata.pipeline.histogram;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.histogram.PrometheusNativeHistogram;
import io.strata.operators.histogram.ResetHint;
import io.strata.pipeline.record.NativeHistogram;

/**
 * Converts between the decoder's {@link NativeHistogram} record (spans plus absolute counts) and
 * the operators' {@link ExponentialHistogram}, through {@link NativeHistogramCodec} so that both
 * directions get its validation and span layout.
 */
public final class NativeHistogramConverter {

    private NativeHistogramConverter() {}

    /**
     * Returns the histogram a decoded sample describes. Integer histograms are checked as
     * Prometheus checks them (count equals zero count plus buckets).
     *
     * @throws IllegalArgumentException naming the problem, for a sample Prometheus would reject
     */
    public static ExponentialHistogram toExponential(NativeHistogram sample, int maxBuckets) {
        return NativeHistogramCodec.decode(toPrometheus(sample), maxBuckets);
    }

    /** Returns the reset hint a decoded sample carries. */
    public static ResetHint resetHint(NativeHistogram sample) {
        return ResetHint.ofWireNumber(sample.resetHint());
    }

    /**
     * Returns the record for {@code h}, at a schema of at most 8, with integer counts when every
     * count is whole unless {@code floatCounts} forces float counts.
     */
    public static NativeHistogram toRecord(ExponentialHistogram h, ResetHint hint, boolean floatCounts) {
        PrometheusNativeHistogram p = NativeHistogramCodec.encode(h, hint, floatCounts || !h.hasIntegerCounts());
        return new NativeHistogram(p.schema(), p.zeroThreshold(), p.zeroCount(), p.count(), p.sum(),
                p.positiveSpanOffsets(), p.positiveSpanLengths(), absolute(p.floatCounts(), p.positiveDeltas(),
                        p.positiveCounts()),
                p.negativeSpanOffsets(), p.negativeSpanLengths(), absolute(p.floatCounts(), p.negativeDeltas(),
                        p.negativeCounts()),
                hint.wireNumber(), p.floatCounts());
    }

    static PrometheusNativeHistogram toPrometheus(NativeHistogram sample) {
        boolean floatCounts = sample.floatCounts();
        return new PrometheusNativeHistogram(sample.schema(), sample.zeroThreshold(), sample.zeroCount(),
                sample.count(), sample.sum(),
                sample.positiveSpanOffsets(), sample.positiveSpanLengths(),
                floatCounts ? null : deltas(sample.positiveCounts()), floatCounts ? sample.positiveCounts() : null,
                sample.negativeSpanOffsets(), sample.negativeSpanLengths(),
                floatCounts ? null : deltas(sample.negativeCounts()), floatCounts ? sample.negativeCounts() : null,
                ResetHint.ofWireNumber(sample.resetHint()), floatCounts);
    }

    private static long[] deltas(double[] absolute) {
        if (absolute == null) {
            return null;
        }
        long[] deltas = new long[absolute.length];
        long previous = 0;
        for (int i = 0; i < absolute.length; i++) {
            long current = (long) absolute[i];
            deltas[i] = current - previous;
            previous = current;
        }
        return deltas;
    }

    private static double[] absolute(boolean floatCounts, long[] deltas, double[] counts) {
        if (floatCounts) {
            return counts;
        }
        double[] absolute = new double[deltas.length];
        long running = 0;
        for (int i = 0; i < deltas.length; i++) {
            running += deltas[i];
            absolute[i] = running;
        }
        return absolute;
    }
}
