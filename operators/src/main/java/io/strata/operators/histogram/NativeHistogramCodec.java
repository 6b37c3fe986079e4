package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * Converts between {@link ExponentialHistogram} and the Prometheus native histogram shape
 * ({@link NativeHistogramShape}): schemas -4..8, spans plus absolute counts, Prometheus index =
 * OpenTelemetry index + 1.
 *
 * <p>Encoding lowers a scale above 8 to 8, as Prometheus' OTLP translator does, and rejects a
 * scale below -4, which no Prometheus schema can hold. Spans follow that translator's
 * {@code convertBucketsLayout}: a gap of up to {@value #MAX_EMPTY_BUCKETS_IN_SPAN} empty buckets
 * stays inside a span as explicit zeros, a longer gap starts a new span. Decoding validates what
 * Prometheus' {@code Histogram.Validate} checks, rejects bucket indices no double has at the
 * schema ({@link Base2ExponentialIndexer#isValidIndex}) and counts above {@link #MAX_COUNT},
 * counts a populated bucket that lies entirely within the zero bucket in the zero count, and
 * lowers the scale if the populated range is wider than the target's bucket limit. Index
 * arithmetic is in {@code long}, and no loop runs longer than the spans and counts given.
 */
public final class NativeHistogramCodec {

    /** Lowest exponential schema Prometheus accepts. */
    public static final int MIN_SCHEMA = -4;

    /** Highest exponential schema Prometheus accepts. */
    public static final int MAX_SCHEMA = 8;

    /** Longest run of empty buckets kept inside one span, as in Prometheus' OTLP translator. */
    static final int MAX_EMPTY_BUCKETS_IN_SPAN = 2;

    /**
     * Largest count accepted: remote_write's integer counts are 64-bit. It keeps sums of merged
     * counts far from overflowing to +Inf, which no rollup state could be restored with.
     */
    public static final double MAX_COUNT = 0x1p64;

    private NativeHistogramCodec() {}

    /** Encodes with integer counts when {@link #fitsIntegerCounts}, float counts otherwise. */
    public static <T extends NativeHistogramShape> T encode(ExponentialHistogram h, ResetHint hint,
            NativeHistogramShape.Factory<T> factory) {
        return encode(h, hint, !fitsIntegerCounts(h), factory);
    }

    /**
     * Returns whether {@code h} is a valid integer histogram for Prometheus: every count whole,
     * and the count equal to zero count plus buckets (at least that when the sum is NaN). A float
     * histogram has no such constraint, so a merge of one can break it.
     */
    public static boolean fitsIntegerCounts(ExponentialHistogram h) {
        if (!h.hasIntegerCounts()) {
            return false;
        }
        double parts = h.zeroCount() + h.positive().total() + h.negative().total();
        return Double.isNaN(h.sum()) ? parts <= h.count() : parts == h.count();
    }

    /**
     * Encodes {@code h}; {@code floatCounts} marks the counts as float counts on the wire.
     *
     * @throws IllegalArgumentException if the scale is below -4, or integer counts are asked for
     *     a histogram that does not {@link #fitsIntegerCounts fit them}
     */
    public static <T extends NativeHistogramShape> T encode(ExponentialHistogram h, ResetHint hint, boolean floatCounts,
            NativeHistogramShape.Factory<T> factory) {
        if (h.scale() < MIN_SCHEMA) {
            throw new IllegalArgumentException("scale " + h.scale() + " is below Prometheus' lowest schema "
                    + MIN_SCHEMA + "; a coarser bucket cannot be split");
        }
        if (!floatCounts && !fitsIntegerCounts(h)) {
            throw new IllegalArgumentException("integer counts asked for a histogram with fractional counts or a count "
                    + "other than zero count plus buckets: " + h);
        }
        ExponentialHistogram source = h;
        if (h.scale() > MAX_SCHEMA) {
            source = h.copy();
            source.downscale(h.scale() - MAX_SCHEMA);
        }
        Layout positive = layout(source.positive());
        Layout negative = layout(source.negative());
        return factory.create(source.scale(), source.zeroThreshold(), source.zeroCount(), source.count(), source.sum(),
                positive.offsets, positive.lengths, positive.values,
                negative.offsets, negative.lengths, negative.values,
                hint.wireNumber(), floatCounts);
    }

    /** Decodes into a new histogram holding at most {@code maxBuckets} per sign. */
    public static ExponentialHistogram decode(NativeHistogramShape p, int maxBuckets) {
        ExponentialHistogram h = ExponentialHistogram.create(maxBuckets);
        decode(p, h);
        return h;
    }

    /**
     * Decodes {@code p} into {@code into}, replacing its contents and keeping its bucket limit and
     * the scale and zero threshold it resets to; min and max become unknown. Reuses {@code
     * into}'s bucket arrays, so a caller that keeps one scratch histogram allocates no histogram
     * per sample. {@code into} is unchanged if {@code p} is rejected.
     *
     * @throws IllegalArgumentException naming what is wrong, for a custom-bucket or out-of-range
     *     schema, a negative or non-finite zero threshold, a count, zero count or bucket count
     *     outside 0..{@link #MAX_COUNT} (NaN included), spans that do not match the counts, bucket
     *     indices no double has at the schema, or (integer histograms) a count that does not match
     *     the buckets
     */
    public static void decode(NativeHistogramShape p, ExponentialHistogram into) {
        int schema = p.schema();
        if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not an exponential schema ("
                    + MIN_SCHEMA + ".." + MAX_SCHEMA + ")"
                    + (schema == -53 ? "; custom-bucket histograms (NHCB) are not supported" : ""));
        }
        checkFiniteNonNegative("zero threshold", p.zeroThreshold());
        checkCount("zero count", p.zeroCount());
        checkCount("count", p.count());
        double threshold = p.zeroThreshold();
        Populated positive = populated("positive", schema, threshold, p.positiveSpanOffsets(),
                p.positiveSpanLengths(), p.positiveCounts());
        Populated negative = populated("negative", schema, threshold, p.negativeSpanOffsets(),
                p.negativeSpanLengths(), p.negativeCounts());
        double zeroCount = p.zeroCount() + positive.inZeroBucket + negative.inZeroBucket;
        if (!p.floatCounts()) {
            double buckets = zeroCount + positive.total + negative.total;
            boolean nanSum = Double.isNaN(p.sum());
            if (nanSum ? buckets > p.count() : buckets != p.count()) {
                throw new IllegalArgumentException("count is " + p.count() + " but zero count and buckets add up to "
                        + buckets + (nanSum ? "; expected at least that" : "; expected equal"));
            }
        }
        int maxBuckets = into.maxBuckets();
        int by = Math.max(positive.downscaleToFit(maxBuckets), negative.downscaleToFit(maxBuckets));
        if (schema - by < Base2ExponentialIndexer.MIN_SCALE) {
            throw new IllegalArgumentException("buckets span more than " + maxBuckets + " buckets even at scale "
                    + Base2ExponentialIndexer.MIN_SCALE);
        }
        into.setDecoded(schema - by, threshold, zeroCount, p.count(), p.sum());
        fill(into.positive(), positive, by, p.positiveSpanOffsets(), p.positiveSpanLengths(), p.positiveCounts());
        fill(into.negative(), negative, by, p.negativeSpanOffsets(), p.negativeSpanLengths(), p.negativeCounts());
    }

    private static void checkFiniteNonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " is " + value + "; expected a finite value >= 0");
        }
    }

    private static void checkCount(String what, double value) {
        if (!(value >= 0 && value <= MAX_COUNT)) {
            throw new IllegalArgumentException(what + " is " + value + "; expected 0.." + MAX_COUNT);
        }
    }

    /**
     * Validates one sign's spans and counts and returns its populated range (OpenTelemetry
     * indices), its total, and the counts of buckets entirely within the zero bucket (upper bound
     * at most the threshold): those belong to the zero count, which is where Prometheus' merge
     * takes them to be (it drops them as already counted there). Only a span's first and last
     * bucket need a range check: gaps after the first span are non-negative, so indices only grow.
     */
    private static Populated populated(String sign, int schema, double threshold, int[] offsets, int[] lengths,
            double[] counts) {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(sign + " spans have " + offsets.length + " offsets and "
                    + lengths.length + " lengths");
        }
        long buckets = 0;
        for (int length : lengths) {
            if (length < 0) {
                throw new IllegalArgumentException(sign + " span length " + Integer.toUnsignedString(length)
                        + " is too long");
            }
            buckets += length;
        }
        if (buckets != counts.length) {
            throw new IllegalArgumentException(sign + " spans hold " + buckets + " buckets but "
                    + counts.length + " counts were given");
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        double total = 0;
        double inZeroBucket = 0;
        boolean pastThreshold = threshold == 0;
        // Prometheus index, in long: a sum of int gaps cannot overflow it.
        long index = 0;
        int k = 0;
        for (int s = 0; s < offsets.length; s++) {
            if (s > 0 && offsets[s] < 0) {
                throw new IllegalArgumentException(sign + " span " + s + " has negative gap " + offsets[s]);
            }
            index += offsets[s];
            if (lengths[s] == 0) {
                continue;
            }
            long last = index + lengths[s] - 1;
            if (!Base2ExponentialIndexer.isValidIndex(index - 1, schema)
                    || !Base2ExponentialIndexer.isValidIndex(last - 1, schema)) {
                throw new IllegalArgumentException(sign + " span " + s + " covers bucket indices " + index + ".."
                        + last + "; schema " + schema + " has buckets " + (Base2ExponentialIndexer.minIndex(schema) + 1)
                        + ".." + (Base2ExponentialIndexer.maxIndex(schema) + 1));
            }
            for (; index <= last; index++, k++) {
                double count = counts[k];
                if (!(count >= 0 && count <= MAX_COUNT)) {
                    throw new IllegalArgumentException(sign + " bucket " + k + " has count " + count + "; expected 0.."
                            + MAX_COUNT);
                }
                if (count == 0) {
                    continue;
                }
                if (!pastThreshold) {
                    // Prometheus index p is the bucket with upper bound base^p.
                    if (Base2ExponentialIndexer.lowerBoundary((int) index, schema) <= threshold) {
                        inZeroBucket += count;
                        continue;
                    }
                    pastThreshold = true;
                }
                low = Math.min(low, index - 1);
                high = index - 1;
                total += count;
            }
        }
        return new Populated(low, high, total, inZeroBucket);
    }

    /**
     * Adds one sign's populated buckets from {@code populated.low} on (those below are in the zero
     * count), lowered by {@code by} scales; guarded by caller: validated by {@link #populated}.
     */
    private static void fill(ExponentialBuckets into, Populated populated, int by, int[] offsets, int[] lengths,
            double[] counts) {
        if (populated.isEmpty()) {
            return;
        }
        into.include((int) (populated.low >> by), (int) (populated.high >> by));
        long index = 0;
        int k = 0;
        for (int s = 0; s < offsets.length; s++) {
            index += offsets[s];
            for (int i = 0; i < lengths[s]; i++, index++, k++) {
                if (counts[k] != 0 && index - 1 >= populated.low) {
                    into.addInWindow((int) ((index - 1) >> by), counts[k]);
                }
            }
        }
    }

    /**
     * The populated range of one sign in OpenTelemetry indices (empty: low > high), its total
     * count, and the counts of buckets within the zero bucket, which are not in the range.
     */
    private record Populated(long low, long high, double total, double inZeroBucket) {
        boolean isEmpty() {
            return low > high;
        }

        /** The number of scales to lower so that the range fits {@code maxBuckets}: at most 63 steps. */
        int downscaleToFit(int maxBuckets) {
            if (isEmpty()) {
                return 0;
            }
            int by = 0;
            while ((high >> by) - (low >> by) + 1 > maxBuckets) {
                by++;
            }
            return by;
        }
    }

    private static Layout layout(ExponentialBuckets buckets) {
        int n = buckets.length();
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        double[] values = new double[n];
        int spans = 0;
        int valueCount = 0;
        int spanStart = -1;
        int lastPopulated = -1;
        for (int i = 0; i < n; i++) {
            if (buckets.countAt(i) == 0) {
                continue;
            }
            if (spanStart < 0 || i - lastPopulated - 1 > MAX_EMPTY_BUCKETS_IN_SPAN) {
                if (spanStart >= 0) {
                    lengths[spans - 1] = lastPopulated - spanStart + 1;
                }
                // First span: absolute Prometheus index; later ones: the gap since the last span.
                offsets[spans++] = spanStart < 0 ? buckets.offset() + i + 1 : i - lastPopulated - 1;
                spanStart = i;
            }
            for (int j = lastPopulated < spanStart ? spanStart : lastPopulated + 1; j <= i; j++) {
                values[valueCount++] = buckets.countAt(j);
            }
            lastPopulated = i;
        }
        if (spanStart >= 0) {
            lengths[spans - 1] = lastPopulated - spanStart + 1;
        }
        return new Layout(Arrays.copyOf(offsets, spans), Arrays.copyOf(lengths, spans),
                Arrays.copyOf(values, valueCount));
    }

    /** Spans and the absolute counts of the buckets they cover. */
    private record Layout(int[] offsets, int[] lengths, double[] values) {}
}
