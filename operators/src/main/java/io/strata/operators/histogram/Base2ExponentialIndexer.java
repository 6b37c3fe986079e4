package io.strata.operators.histogram;

/**
 * Maps values to base-2 exponential bucket indices and back, per the OpenTelemetry metrics data
 * model (<a href="https://opentelemetry.io/docs/specs/otel/metrics/data-model/#exponentialhistogram">ExponentialHistogram</a>).
 *
 * <p>Bucket {@code i} at scale {@code s} holds the values {@code v} with {@code base^i < |v| <=
 * base^(i+1)}, {@code base = 2^(2^-s)}: buckets are upper-inclusive, so an exact power of two
 * closes the bucket below it. Prometheus numbers the same bucket {@code i + 1}.
 *
 * <p>At scale &le; 0 the index is exact: the IEEE 754 exponent, one less for an exact power of
 * two, shifted right by {@code -scale} (the spec's "extract and shift the exponent"). At scale
 * &gt; 0 the exponent gives the octave exactly and the significand (in [1, 2)) gives the
 * sub-bucket; exact powers of two take the spec's special case. Up to scale 10 the sub-bucket
 * comes from a lookup table of the boundaries {@link #lowerBoundary} returns, so index and
 * boundaries agree exactly; above it from the natural logarithm, clamped to its octave so that
 * rounding in {@code Math.log} can never move a value into the next octave (this is what makes
 * {@code Double.MAX_VALUE} land in bucket {@code (1024 << s) - 1}), where values within a few
 * ulps of an inner boundary may land one bucket off, as the spec allows. Stateless and
 * thread-safe.
 */
public final class Base2ExponentialIndexer {

    /** Lowest supported scale: at -10 every double falls into one of three buckets. */
    public static final int MIN_SCALE = -10;

    /** Highest supported scale: at 20 every index of a double still fits an {@code int}. */
    public static final int MAX_SCALE = 20;

    /** Bits of an IEEE 754 double holding the biased exponent. */
    private static final long EXPONENT_MASK = 0x7FF0000000000000L;

    /** Bits of an IEEE 754 double holding the significand without its implicit leading 1. */
    private static final long SIGNIFICAND_MASK = 0x000FFFFFFFFFFFFFL;

    /** Width of the stored significand of an IEEE 754 double. */
    private static final int SIGNIFICAND_WIDTH = 52;

    /** Bias of the IEEE 754 double exponent. */
    private static final int EXPONENT_BIAS = 1023;

    /** Exponent bits of 1.0, used to rebuild a significand in [1, 2) as a double. */
    private static final long ONE_EXPONENT_BITS = 0x3FF0000000000000L;

    /** {@code 1 / ln 2}. */
    private static final double LOG2_E = 1.4426950408889634;

    /** {@code 2^s / ln 2} for s = 0..MAX_SCALE: the logarithm method's scale factor. */
    private static final double[] SCALE_FACTORS = new double[MAX_SCALE + 1];

    /** Highest scale indexed by lookup tables (16 KiB at this scale); above it the logarithm is used. */
    private static final int MAX_LOOKUP_SCALE = 10;

    /**
     * Per scale s in 1..MAX_LOOKUP_SCALE: the significand bits of the sub-bucket boundaries {@code
     * 2^(k/2^s)}, k = 0..2^s - 1, followed by 2^52 (the significand of 2.0) as a sentinel.
     */
    private static final long[][] BOUNDARIES = new long[MAX_LOOKUP_SCALE + 1][];

    /**
     * Per scale s: for each of 2^(s+1) equal cells of the significand range, the sub-bucket of the
     * cell's left end. A cell is narrower than any sub-bucket (2^-(s+1) &lt; ln 2 / 2^s), so it
     * holds at most one boundary and one comparison finishes the lookup: the spec's "positive
     * scale: use a lookup table", exact up to the rounding of the boundaries themselves.
     */
    private static final int[][] CELL_SUB_BUCKETS = new int[MAX_LOOKUP_SCALE + 1][];

    static {
        for (int s = 0; s <= MAX_SCALE; s++) {
            SCALE_FACTORS[s] = Math.scalb(LOG2_E, s);
        }
        for (int s = 1; s <= MAX_LOOKUP_SCALE; s++) {
            int n = 1 << s;
            long[] boundaries = new long[n + 1];
            for (int k = 0; k < n; k++) {
                boundaries[k] = Double.doubleToRawLongBits(subBucketBoundary(k, s)) & SIGNIFICAND_MASK;
            }
            boundaries[n] = 1L << SIGNIFICAND_WIDTH;
            int[] cells = new int[2 * n];
            int k = 0;
            for (int c = 0; c < cells.length; c++) {
                long leftEdge = (long) c << (SIGNIFICAND_WIDTH - 1 - s);
                while (boundaries[k + 1] < leftEdge) {
                    k++;
                }
                cells[c] = k;
            }
            BOUNDARIES[s] = boundaries;
            CELL_SUB_BUCKETS[s] = cells;
        }
    }

    private Base2ExponentialIndexer() {}

    /**
     * Returns the index of the bucket holding {@code value} at {@code scale}. Guarded by caller:
     * {@code value} is finite and non-zero (its sign is ignored), {@code scale} is within
     * [{@link #MIN_SCALE}, {@link #MAX_SCALE}].
     */
    public static int index(double value, int scale) {
        long bits = Double.doubleToRawLongBits(value);
        int exponent = (int) ((bits & EXPONENT_MASK) >>> SIGNIFICAND_WIDTH);
        long significand = bits & SIGNIFICAND_MASK;
        if (exponent == 0) {
            // Subnormal: normalise so that the leading 1 becomes the implicit bit.
            int highestBit = 63 - Long.numberOfLeadingZeros(significand);
            exponent = highestBit - SIGNIFICAND_WIDTH + 1;
            significand = (significand << (SIGNIFICAND_WIDTH - highestBit)) & SIGNIFICAND_MASK;
        }
        int unbiased = exponent - EXPONENT_BIAS;
        if (significand == 0) {
            // Exact power of two: the upper boundary of the bucket below.
            return scale > 0 ? (unbiased << scale) - 1 : (unbiased - 1) >> -scale;
        }
        if (scale <= 0) {
            return unbiased >> -scale;
        }
        if (scale <= MAX_LOOKUP_SCALE) {
            int k = CELL_SUB_BUCKETS[scale][(int) (significand >>> (SIGNIFICAND_WIDTH - 1 - scale))];
            if (BOUNDARIES[scale][k + 1] < significand) {
                k++;
            }
            return (unbiased << scale) + k;
        }
        double mantissa = Double.longBitsToDouble(significand | ONE_EXPONENT_BITS);
        int subBucket = (int) Math.ceil(Math.log(mantissa) * SCALE_FACTORS[scale]) - 1;
        int maxSubBucket = (1 << scale) - 1;
        if (subBucket < 0) {
            subBucket = 0;
        } else if (subBucket > maxSubBucket) {
            subBucket = maxSubBucket;
        }
        return (unbiased << scale) + subBucket;
    }

    /**
     * Returns the lowest index any double has at {@code scale}: the bucket of {@code
     * Double.MIN_VALUE} (2^-1074, an exact power of two, so it closes the bucket below its
     * exponent). Every index a histogram holds lies in [{@code minIndex}, {@link #maxIndex}], which
     * keeps index arithmetic far from {@code int} overflow at every supported scale.
     */
    public static int minIndex(int scale) {
        return scale > 0 ? (-1074 << scale) - 1 : -1075 >> -scale;
    }

    /** Returns the highest index any double has at {@code scale}: the bucket of {@code Double.MAX_VALUE}. */
    public static int maxIndex(int scale) {
        return scale > 0 ? (1024 << scale) - 1 : 1023 >> -scale;
    }

    /** Returns whether {@code index} is the bucket of some double at {@code scale}. */
    public static boolean isValidIndex(long index, int scale) {
        return index >= minIndex(scale) && index <= maxIndex(scale);
    }

    /**
     * Returns {@code base^index} at {@code scale}: the exclusive lower boundary of bucket {@code
     * index} and the inclusive upper boundary of bucket {@code index - 1}. A boundary beyond the
     * largest double is {@code Double.MAX_VALUE}, as Prometheus' {@code getBoundExponential}
     * returns for the last finite bucket.
     */
    public static double lowerBoundary(int index, int scale) {
        double bound;
        if (scale <= 0) {
            long exponent = (long) index << -scale;
            bound = Math.scalb(1.0, (int) Math.max(-1200, Math.min(1200, exponent)));
        } else {
            int octave = index >> scale;
            bound = Math.scalb(subBucketBoundary(index & ((1 << scale) - 1), scale), octave);
        }
        return bound == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : bound;
    }

    /** Returns {@code 2^(k / 2^scale)} in [1, 2): the lower boundary of sub-bucket k of an octave. */
    private static double subBucketBoundary(int k, int scale) {
        return k == 0 ? 1.0 : Math.pow(2.0, Math.scalb((double) k, -scale));
    }

    /** Returns {@code 2^(2^-scale)}, the ratio between a bucket's upper and lower boundary. */
    public static double base(int scale) {
        return Math.pow(2.0, Math.scalb(1.0, -scale));
    }

    /**
     * Returns the base-2 logarithm of a positive finite {@code value}, exact for powers of two
     * (as Go's {@code math.Log2}, which Prometheus' quantile interpolation uses).
     */
    static double log2(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int exponent = (int) ((bits & EXPONENT_MASK) >>> SIGNIFICAND_WIDTH);
        long significand = bits & SIGNIFICAND_MASK;
        if (exponent == 0) {
            return Math.log(value) * LOG2_E;
        }
        int unbiased = exponent - EXPONENT_BIAS;
        if (significand == 0) {
            return unbiased;
        }
        return unbiased + Math.log(Double.longBitsToDouble(significand | ONE_EXPONENT_BITS)) * LOG2_E;
    }
}
