package io.strata.operators.histogram;

/**
 * A Prometheus native histogram as Strata carries it between the wire and the histogram math:
 * schema, zero bucket, count, sum, bucket spans as in remote_write, and absolute bucket counts.
 * Deltas exist only on the wire: the decoder resolves them and the remote_write encoder makes them
 * again. The pipeline's sample record is the one implementation; {@link NativeHistogramCodec}
 * reads a shape and builds one through a {@link Factory}.
 *
 * <p>A span's offset is the gap before it (for the first span: the Prometheus index of its first
 * bucket); its length is its number of buckets. Prometheus index {@code i} is the bucket {@code
 * (base^(i-1), base^i]}, OpenTelemetry index {@code i - 1}. Implementations may return their own
 * arrays: readers do not change them.
 */
public interface NativeHistogramShape {

    int schema();

    double zeroThreshold();

    double zeroCount();

    double count();

    double sum();

    int[] positiveSpanOffsets();

    int[] positiveSpanLengths();

    /** Absolute counts of the buckets the positive spans cover, in order. */
    double[] positiveCounts();

    int[] negativeSpanOffsets();

    int[] negativeSpanLengths();

    /** Absolute counts of the buckets the negative spans cover, by the index of their absolute values. */
    double[] negativeCounts();

    /** The remote_write {@code ResetHint} number ({@link ResetHint#wireNumber()}). */
    int resetHint();

    /** Whether the counts are float counts on the wire (integer deltas otherwise). */
    boolean floatCounts();

    /** Builds a shape from its parts, in the order of the accessors: a record's canonical constructor. */
    @FunctionalInterface
    interface Factory<T extends NativeHistogramShape> {
        T create(int schema, double zeroThreshold, double zeroCount, double count, double sum,
                int[] positiveSpanOffsets, int[] positiveSpanLengths, double[] positiveCounts,
                int[] negativeSpanOffsets, int[] negativeSpanLengths, double[] negativeCounts,
                int resetHint, boolean floatCounts);
    }
}
