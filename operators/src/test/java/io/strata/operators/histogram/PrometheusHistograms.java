package io.strata.operators.histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * Test data builders that read like Prometheus' {@code FloatHistogram} literals and promqltest's
 * {@code {{schema:0 ... buckets:[...]}}} notation, so vectors copied from Prometheus stay legible.
 */
final class PrometheusHistograms {

    private PrometheusHistograms() {}

    /** Spans as Prometheus writes them: {@code {offset, length}} pairs. */
    static int[][] spans(int... offsetLengthPairs) {
        int[][] spans = new int[offsetLengthPairs.length / 2][];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = new int[] {offsetLengthPairs[2 * i], offsetLengthPairs[2 * i + 1]};
        }
        return spans;
    }

    static double[] buckets(double... counts) {
        return counts;
    }

    /** A {@code FloatHistogram{...}} literal: absolute float counts in spans. */
    static ExponentialHistogram floatHistogram(int schema, double zeroThreshold, double zeroCount, double count,
            double sum, int[][] positiveSpans, double[] positiveBuckets, int[][] negativeSpans,
            double[] negativeBuckets) {
        return NativeHistogramCodec.decode(new Shape(schema, zeroThreshold, zeroCount, count, sum,
                offsets(positiveSpans), lengths(positiveSpans), positiveBuckets,
                offsets(negativeSpans), lengths(negativeSpans), negativeBuckets,
                ResetHint.UNKNOWN.wireNumber(), true), ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /** Encodes {@code h} into the test shape. */
    static Shape encode(ExponentialHistogram h, ResetHint hint) {
        return NativeHistogramCodec.encode(h, hint, Shape::new);
    }

    /** The pipeline's record stands in here as a plain record (operators cannot see the pipeline). */
    record Shape(
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

        /** An integer histogram with one positive span and no negative buckets. */
        static Shape positive(int schema, double zeroCount, double count, double sum, int[] offsets, int[] lengths,
                double... counts) {
            return new Shape(schema, 0, zeroCount, count, sum, offsets, lengths, counts, new int[0], new int[0],
                    new double[0], 0, false);
        }
    }

    /**
     * A promqltest literal such as {@code {{schema:0 count:12 sum:100 z_bucket:2 z_bucket_w:0.001
     * buckets:[2 3 0 1 4]}}}: one positive and one negative span, each starting at Prometheus
     * index {@code offset} (default 0, the bucket whose upper bound is 1).
     */
    static ExponentialHistogram promql(int schema, double count, double sum, double zeroCount,
            double zeroThreshold, int offset, double[] positive, int negativeOffset, double[] negative) {
        return floatHistogram(schema, zeroThreshold, zeroCount, count, sum,
                positive.length == 0 ? spans() : spans(offset, positive.length), positive,
                negative.length == 0 ? spans() : spans(negativeOffset, negative.length), negative);
    }

    /** Populated buckets by Prometheus index (OpenTelemetry index + 1). */
    static Map<Integer, Double> prometheusBuckets(ExponentialBuckets buckets) {
        Map<Integer, Double> map = new TreeMap<>();
        for (int i = 0; i < buckets.length(); i++) {
            if (buckets.countAt(i) != 0) {
                map.put(buckets.offset() + i + 1, buckets.countAt(i));
            }
        }
        return map;
    }

    /** Populated buckets by Prometheus index for spans and absolute counts. */
    static Map<Integer, Double> prometheusBuckets(int[][] spans, double[] counts) {
        Map<Integer, Double> map = new TreeMap<>();
        int index = 0;
        int k = 0;
        for (int s = 0; s < spans.length; s++) {
            index += spans[s][0];
            for (int i = 0; i < spans[s][1]; i++) {
                if (counts[k] != 0) {
                    map.put(index, counts[k]);
                }
                k++;
                index++;
            }
        }
        return map;
    }

    private static int[] offsets(int[][] spans) {
        int[] offsets = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            offsets[i] = spans[i][0];
        }
        return offsets;
    }

    private static int[] lengths(int[][] spans) {
        int[] lengths = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            lengths[i] = spans[i][1];
        }
        return lengths;
    }
}
