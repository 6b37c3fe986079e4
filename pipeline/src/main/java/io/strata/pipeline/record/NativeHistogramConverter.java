package io.strata.pipeline.record;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.histogram.ResetHint;

/**
 * Converts between the decoder's {@link NativeHistogram} record (spans plus absolute counts) and
 * the operators' {@link ExponentialHistogram}, through {@link NativeHistogramCodec} so that both
 * directions get its validation and span layout. Counts stay absolute: deltas exist only on the
 * wire.
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
        return NativeHistogramCodec.decode(sample, maxBuckets);
    }

    /**
     * Decodes a sample into {@code scratch}, reusing its arrays: for callers that read each
     * sample's histogram and keep none of it.
     *
     * @throws IllegalArgumentException as {@link #toExponential}; {@code scratch} is then unchanged
     */
    public static void decodeInto(NativeHistogram sample, ExponentialHistogram scratch) {
        NativeHistogramCodec.decode(sample, scratch);
    }

    /** Returns the reset hint a decoded sample carries. */
    public static ResetHint resetHint(NativeHistogram sample) {
        return ResetHint.ofWireNumber(sample.resetHint());
    }

    /**
     * Returns the record for {@code h}, at a schema of at most 8, with integer counts when they
     * fit ({@link NativeHistogramCodec#fitsIntegerCounts}) unless {@code floatCounts} forces float
     * counts.
     */
    public static NativeHistogram toRecord(ExponentialHistogram h, ResetHint hint, boolean floatCounts) {
        return NativeHistogramCodec.encode(h, hint, floatCounts || !NativeHistogramCodec.fitsIntegerCounts(h),
                NativeHistogram::new);
    }
}
