package io.strata.pipeline.record;

import io.strata.operators.histogram.NativeHistogramShape;
import java.util.Arrays;

/**
 * A Prometheus native histogram sample as it travels through the pipeline: bucket spans as in
 * the remote_write protobuf, bucket counts absolute (integer histograms' deltas are resolved at
 * decode time and re-encoded when written). The one {@link NativeHistogramShape}: the histogram
 * math reads it and builds it ({@code NativeHistogram::new}) without another record between.
 *
 * @param floatCounts whether the producer sent float counts (re-encoded as such)
 * @param resetHint the remote_write {@code ResetHint} number
 */
public record NativeHistogram(
        int schema,
        double zeroThreshold,
        double zeroCount,
        double count,
        double sum,
        int[] positiveSpanOffsets,
        int[] positiveSpanLengths,
        double[] positiveCounts,
        int[] negativeSpanOffsets,
        int[] negativeSpanLengths,
        double[] negativeCounts,
        int resetHint,
        boolean floatCounts) implements NativeHistogramShape {

    @Override
    public boolean equals(Object o) {
        return o instanceof NativeHistogram h
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && Double.compare(zeroCount, h.zeroCount) == 0
                && Double.compare(count, h.count) == 0
                && Double.compare(sum, h.sum) == 0
                && Arrays.equals(positiveSpanOffsets, h.positiveSpanOffsets)
                && Arrays.equals(positiveSpanLengths, h.positiveSpanLengths)
                && Arrays.equals(positiveCounts, h.positiveCounts)
                && Arrays.equals(negativeSpanOffsets, h.negativeSpanOffsets)
                && Arrays.equals(negativeSpanLengths, h.negativeSpanLengths)
                && Arrays.equals(negativeCounts, h.negativeCounts)
                && resetHint == h.resetHint
                && floatCounts == h.floatCounts;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(count) + Arrays.hashCode(positiveCounts);
    }

    @Override
    public String toString() {
        return "NativeHistogram{schema=" + schema + ", count=" + count + ", sum=" + sum
                + ", zeroCount=" + zeroCount + ", positive=" + Arrays.toString(positiveCounts)
                + ", negative=" + Arrays.toString(negativeCounts) + '}';
    }
}
