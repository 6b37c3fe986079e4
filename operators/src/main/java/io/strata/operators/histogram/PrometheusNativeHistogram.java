package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * A Prometheus native histogram shaped as remote_write carries it: schema, zero bucket, count,
 * sum, bucket spans, and bucket counts as deltas (integer histograms) or absolute values (float
 * histograms), plus the reset hint. Immutable: arrays are copied in and out.
 *
 * <p>A span's offset is the gap before it (for the first span: the Prometheus index of its first
 * bucket); its length is its number of buckets. Prometheus index {@code i} is the bucket {@code
 * (base^(i-1), base^i]}, OpenTelemetry index {@code i - 1}. Exactly one of {@code *Deltas} (for
 * {@code floatCounts == false}) and {@code *Counts} (for {@code floatCounts == true}) is used; the
 * other is empty.
 */
public record PrometheusNativeHistogram(
        int schema,
        double zeroThreshold,
        double zeroCount,
        double count,
        double sum,
        int[] positiveSpanOffsets,
        int[] positiveSpanLengths,
        long[] positiveDeltas,
        double[] positiveCounts,
        int[] negativeSpanOffsets,
        int[] negativeSpanLengths,
        long[] negativeDeltas,
        double[] negativeCounts,
        ResetHint resetHint,
        boolean floatCounts) {

    public PrometheusNativeHistogram {
        positiveSpanOffsets = copy(positiveSpanOffsets);
        positiveSpanLengths = copy(positiveSpanLengths);
        positiveDeltas = positiveDeltas == null ? new long[0] : positiveDeltas.clone();
        positiveCounts = positiveCounts == null ? new double[0] : positiveCounts.clone();
        negativeSpanOffsets = copy(negativeSpanOffsets);
        negativeSpanLengths = copy(negativeSpanLengths);
        negativeDeltas = negativeDeltas == null ? new long[0] : negativeDeltas.clone();
        negativeCounts = negativeCounts == null ? new double[0] : negativeCounts.clone();
        resetHint = resetHint == null ? ResetHint.UNKNOWN : resetHint;
    }

    private static int[] copy(int[] values) {
        return values == null ? new int[0] : values.clone();
    }

    @Override
    public int[] positiveSpanOffsets() {
        return positiveSpanOffsets.clone();
    }

    @Override
    public int[] positiveSpanLengths() {
        return positiveSpanLengths.clone();
    }

    @Override
    public long[] positiveDeltas() {
        return positiveDeltas.clone();
    }

    @Override
    public double[] positiveCounts() {
        return positiveCounts.clone();
    }

    @Override
    public int[] negativeSpanOffsets() {
        return negativeSpanOffsets.clone();
    }

    @Override
    public int[] negativeSpanLengths() {
        return negativeSpanLengths.clone();
    }

    @Override
    public long[] negativeDeltas() {
        return negativeDeltas.clone();
    }

    @Override
    public double[] negativeCounts() {
        return negativeCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrometheusNativeHistogram h
                && schema == h.schema
                && Double.compare(zeroThreshold, h.zeroThreshold) == 0
                && Double.compare(zeroCount, h.zeroCount) == 0
                && Double.compare(count, h.count) == 0
                && Double.compare(sum, h.sum) == 0
                && Arrays.equals(positiveSpanOffsets, h.positiveSpanOffsets)
                && Arrays.equals(positiveSpanLengths, h.positiveSpanLengths)
                && Arrays.equals(positiveDeltas, h.positiveDeltas)
                && Arrays.equals(positiveCounts, h.positiveCounts)
                && Arrays.equals(negativeSpanOffsets, h.negativeSpanOffsets)
                && Arrays.equals(negativeSpanLengths, h.negativeSpanLengths)
                && Arrays.equals(negativeDeltas, h.negativeDeltas)
                && Arrays.equals(negativeCounts, h.negativeCounts)
                && resetHint == h.resetHint
                && floatCounts == h.floatCounts;
    }

    @Override
    public int hashCode() {
        int h = 31 * schema + Double.hashCode(count);
        h = 31 * h + Arrays.hashCode(positiveDeltas);
        h = 31 * h + Arrays.hashCode(positiveCounts);
        return 31 * h + Arrays.hashCode(negativeDeltas);
    }

    @Override
    public String toString() {
        return "PrometheusNativeHistogram{schema=" + schema + ", zeroThreshold=" + zeroThreshold
                + ", zeroCount=" + zeroCount + ", count=" + count + ", sum=" + sum
                + ", positiveSpans=" + spans(positiveSpanOffsets, positiveSpanLengths)
                + ", positive=" + (floatCounts ? Arrays.toString(positiveCounts) : Arrays.toString(positiveDeltas))
                + ", negativeSpans=" + spans(negativeSpanOffsets, negativeSpanLengths)
                + ", negative=" + (floatCounts ? Arrays.toString(negativeCounts) : Arrays.toString(negativeDeltas))
                + ", resetHint=" + resetHint + ", floatCounts=" + floatCounts + '}';
    }

    private static String spans(int[] offsets, int[] lengths) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < offsets.length; i++) {
            sb.append(i == 0 ? "" : " ").append('{').append(offsets[i]).append(',')
                    .append(i < lengths.length ? lengths[i] : -1).append('}');
        }
        return sb.append(']').toString();
    }
}
