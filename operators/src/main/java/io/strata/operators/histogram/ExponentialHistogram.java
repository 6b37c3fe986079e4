package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * A base-2 exponential histogram that adapts its scale, as OpenTelemetry's
 * {@code DoubleBase2ExponentialHistogramAggregator} does: mutable, not thread-safe.
 *
 * <p>It holds positive and negative buckets at one scale ({@link Base2ExponentialIndexer}), a
 * zero bucket for {@code |v| <= zeroThreshold}, and count, sum, min and max. Each sign keeps at
 * most {@code maxBuckets} buckets (from the lowest to the highest index, empty ones between
 * included); a value or a merge that would need more lowers the scale of the whole histogram
 * until everything fits. Counts are doubles so that integer and float histograms (Prometheus
 * float histograms, rates) share one type; integers are exact up to 2^53.
 *
 * <p>Invariants every change must keep: both windows start and end with a populated bucket
 * (except transiently inside an operation); {@code scale} is within [{@link
 * Base2ExponentialIndexer#MIN_SCALE}, {@link Base2ExponentialIndexer#MAX_SCALE}]; every
 * populated bucket is the bucket of some double ({@link Base2ExponentialIndexer#isValidIndex}), so
 * indices stay below 2^31 by a wide margin and no loop runs longer than a window; min and max
 * are the extremes of all values ever recorded or merged while {@link #hasMinMax()} is true.
 *
 * <p>{@link #record} allocates nothing (the bucket arrays are allocated once, at the first
 * value of each sign); {@link #merge} allocates nothing either.
 */
public final class ExponentialHistogram {

    /** Default bucket limit per sign, as OpenTelemetry's default {@code MaxSize}. */
    public static final int DEFAULT_MAX_BUCKETS = 160;

    /** Smallest bucket limit: at scale -10 every double needs at most three buckets per sign. */
    public static final int MIN_MAX_BUCKETS = 4;

    /** Largest bucket limit, as in OpenTelemetry's aggregation configuration. */
    public static final int MAX_MAX_BUCKETS = 16_384;

    private final int maxBuckets;
    private final int initialScale;
    private final double initialZeroThreshold;

    private int scale;
    private double zeroThreshold;
    private double zeroCount;
    private double count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean minMaxKnown = true;
    private final ExponentialBuckets positive;
    private final ExponentialBuckets negative;

    /** Second result of {@link #zeroCountForLargerThreshold}; an out-parameter to avoid boxing. */
    private double scratchZeroCount;

    private ExponentialHistogram(int maxBuckets, int scale, double zeroThreshold) {
        this.maxBuckets = maxBuckets;
        this.initialScale = scale;
        this.initialZeroThreshold = zeroThreshold;
        this.scale = scale;
        this.zeroThreshold = zeroThreshold;
        this.positive = new ExponentialBuckets(maxBuckets);
        this.negative = new ExponentialBuckets(maxBuckets);
    }

    /** Returns an empty histogram with 160 buckets per sign, starting at scale 20, no zero width. */
    public static ExponentialHistogram create() {
        return new ExponentialHistogram(DEFAULT_MAX_BUCKETS, Base2ExponentialIndexer.MAX_SCALE, 0);
    }

    /** Returns an empty histogram with the given bucket limit per sign, starting at scale 20. */
    public static ExponentialHistogram create(int maxBuckets) {
        return builder().maxBuckets(maxBuckets).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records one value. Non-finite values are ignored and return false, as in OpenTelemetry's
     * SDK; they would make the sum meaningless and have no bucket.
     */
    public boolean record(double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        count++;
        sum += value;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        double abs = Math.abs(value);
        if (abs <= zeroThreshold) {
            zeroCount++;
            return true;
        }
        ExponentialBuckets buckets = value > 0 ? positive : negative;
        int index = Base2ExponentialIndexer.index(abs, scale);
        if (!buckets.tryAdd(index, 1)) {
            int by = downscaleNeeded(buckets.offset(), buckets.lastIndex(), index, index);
            downscale(by);
            buckets.tryAdd(index >> by, 1);
        }
        return true;
    }

    /**
     * Adds {@code other} into this histogram: both are brought to the lower of the two scales
     * (and lower still if a sign would need more than {@code maxBuckets}), the zero thresholds
     * are reconciled as Prometheus' {@code FloatHistogram.reconcileZeroBuckets} does (the larger
     * threshold, widened to the upper boundary of any populated bucket it falls into, repeated
     * until both histograms agree), then counts, sum and buckets are added. Min and max stay
     * known only if both sides know them; an empty side is neutral. {@code other} is unchanged.
     *
     * <p>Unlike Prometheus, which reconciles the thresholds at each histogram's own schema and
     * then lowers the resolution, this reconciles at the common scale: a bucket of the coarser
     * scale is then never counted both in the zero bucket and as a bucket. Merging is commutative;
     * it is associative up to the common scale when the zero thresholds agree, while different
     * thresholds can widen to different bucket boundaries depending on the order (as in
     * Prometheus); count, sum and zero count plus buckets are conserved in every order.
     */
    public void merge(ExponentialHistogram other) {
        if (other == this) {
            other = copy();
        }
        boolean thisEmpty = count == 0;
        boolean otherEmpty = other.count == 0;
        mergeBuckets(other.scale, other.zeroThreshold, other.zeroCount, other.positive, other.negative);
        count += other.count;
        sum += other.sum;
        if (otherEmpty) {
            return;
        }
        if (thisEmpty) {
            minMaxKnown = other.minMaxKnown;
            min = other.min;
            max = other.max;
        } else {
            minMaxKnown &= other.minMaxKnown;
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
    }

    /** Returns an independent copy with the same bucket limit. */
    public ExponentialHistogram copy() {
        ExponentialHistogram copy = new ExponentialHistogram(maxBuckets, initialScale, initialZeroThreshold);
        copy.copyFrom(this);
        return copy;
    }

    /**
     * Makes this histogram equal to {@code other}, reusing its arrays. Guarded by caller: {@code
     * other} has no more buckets per sign than this histogram's limit.
     */
    public void copyFrom(ExponentialHistogram other) {
        if (other.positive.length() > maxBuckets || other.negative.length() > maxBuckets) {
            throw new IllegalArgumentException("cannot copy a histogram with "
                    + Math.max(other.positive.length(), other.negative.length())
                    + " buckets into one limited to " + maxBuckets + " per sign");
        }
        scale = other.scale;
        zeroThreshold = other.zeroThreshold;
        zeroCount = other.zeroCount;
        count = other.count;
        sum = other.sum;
        min = other.min;
        max = other.max;
        minMaxKnown = other.minMaxKnown;
        positive.copyFrom(other.positive);
        negative.copyFrom(other.negative);
    }

    /** Empties this histogram and returns it to its initial scale and zero threshold. */
    public void reset() {
        scale = initialScale;
        zeroThreshold = initialZeroThreshold;
        zeroCount = 0;
        count = 0;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        minMaxKnown = true;
        positive.clear();
        negative.clear();
    }

    /** Returns the {@code q}-quantile as Prometheus' {@code histogram_quantile} computes it. */
    public double quantile(double q) {
        return HistogramQuantile.quantile(this, q);
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    /** Returns the scale {@link #reset()} returns to. */
    public int resetScale() {
        return initialScale;
    }

    /** Returns the zero threshold {@link #reset()} returns to. */
    public double resetZeroThreshold() {
        return initialZeroThreshold;
    }

    public int scale() {
        return scale;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public double zeroCount() {
        return zeroCount;
    }

    /** Returns the number of observations, those in the zero bucket included. */
    public double count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    /** Returns whether {@link #min()} and {@link #max()} are known: true for recorded data. */
    public boolean hasMinMax() {
        return minMaxKnown && count > 0;
    }

    /** Returns the smallest observation, NaN unless {@link #hasMinMax()}. */
    public double min() {
        return hasMinMax() ? min : Double.NaN;
    }

    /** Returns the largest observation, NaN unless {@link #hasMinMax()}. */
    public double max() {
        return hasMinMax() ? max : Double.NaN;
    }

    public ExponentialBuckets positive() {
        return positive;
    }

    public ExponentialBuckets negative() {
        return negative;
    }

    /** Returns whether every count (zero, buckets, total) is a whole number below 2^53. */
    public boolean hasIntegerCounts() {
        if (!isWhole(count) || !isWhole(zeroCount)) {
            return false;
        }
        for (int i = 0; i < positive.length(); i++) {
            if (!isWhole(positive.countAt(i))) {
                return false;
            }
        }
        for (int i = 0; i < negative.length(); i++) {
            if (!isWhole(negative.countAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhole(double value) {
        return value >= 0 && value <= 0x1p53 && value == Math.rint(value);
    }

    @Override
    public String toString() {
        return "ExponentialHistogram{scale=" + scale + ", count=" + count + ", sum=" + sum
                + ", zeroThreshold=" + zeroThreshold + ", zeroCount=" + zeroCount
                + (hasMinMax() ? ", min=" + min + ", max=" + max : "")
                + ", positive=" + positive.offset() + ":" + Arrays.toString(positive.toArray())
                + ", negative=" + negative.offset() + ":" + Arrays.toString(negative.toArray()) + '}';
    }

    // ---- package-private operations used by HistogramDelta and the codec ----

    /** Lowers the scale by {@code by}, merging neighbouring buckets. */
    void downscale(int by) {
        if (by <= 0) {
            return;
        }
        scale -= by;
        positive.downscale(by);
        negative.downscale(by);
    }

    /**
     * Empties the buckets and sets everything else as decoded; min and max become unknown (a
     * cumulative histogram does not say them). The codec then fills the buckets. Guarded by
     * caller: the values are valid.
     */
    void setDecoded(int scale, double zeroThreshold, double zeroCount, double count, double sum) {
        this.scale = scale;
        this.zeroThreshold = zeroThreshold;
        this.zeroCount = zeroCount;
        this.count = count;
        this.sum = sum;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        minMaxKnown = count == 0;
        positive.clear();
        negative.clear();
    }

    /**
     * Multiplies count, sum, zero count and every bucket count by {@code factor}, as Prometheus'
     * {@code FloatHistogram.Scale} does (used to extrapolate a rate); min and max become unknown.
     */
    public void multiply(double factor) {
        count *= factor;
        sum *= factor;
        zeroCount *= factor;
        positive.multiply(factor);
        negative.multiply(factor);
        minMaxKnown = false;
    }

    void subtractCounts(double countDelta, double sumDelta, double zeroCountDelta) {
        count -= countDelta;
        sum -= sumDelta;
        zeroCount -= zeroCountDelta;
        minMaxKnown = false;
    }

    void trimBuckets() {
        positive.trim();
        negative.trim();
    }

    /**
     * Returns what the zero threshold becomes if it is raised to {@code threshold} on buckets
     * {@code pos}/{@code neg} seen at this histogram's scale after shifting their indices right by
     * {@code shift}, starting from {@code baseZeroCount}: Prometheus'
     * {@code zeroCountForLargerThreshold}. The threshold moves up to the upper boundary of a
     * populated bucket it falls into; the matching zero count is left in {@link
     * #scratchZeroCount}.
     */
    double zeroCountForLargerThreshold(
            double baseZeroCount, ExponentialBuckets pos, ExponentialBuckets neg, int shift, double threshold) {
        outer:
        while (true) {
            double zero = baseZeroCount;
            for (MergedBuckets merged = new MergedBuckets(pos, shift, 0); merged.next(); ) {
                int index = merged.index();
                double bucket = merged.count();
                double upper = Base2ExponentialIndexer.lowerBoundary(index + 1, scale);
                if (upper > threshold && Base2ExponentialIndexer.lowerBoundary(index, scale) >= threshold) {
                    break;
                }
                zero += bucket;
                if (upper > threshold) {
                    if (bucket != 0) {
                        threshold = upper;
                    }
                    break;
                }
            }
            for (MergedBuckets merged = new MergedBuckets(neg, shift, 0); merged.next(); ) {
                int index = merged.index();
                double bucket = merged.count();
                double upper = Base2ExponentialIndexer.lowerBoundary(index + 1, scale);
                if (upper > threshold && Base2ExponentialIndexer.lowerBoundary(index, scale) >= threshold) {
                    break;
                }
                zero += bucket;
                if (upper > threshold) {
                    if (bucket != 0) {
                        // The positive side must be redone with the wider threshold.
                        threshold = upper;
                        continue outer;
                    }
                    break;
                }
            }
            scratchZeroCount = zero;
            return threshold;
        }
    }

    double scratchZeroCount() {
        return scratchZeroCount;
    }

    // ---- internals ----

    private int downscaleNeeded(long low1, long high1, long low2, long high2) {
        long low = Math.min(low1, low2);
        long high = Math.max(high1, high2);
        int by = 0;
        while ((high >> by) - (low >> by) + 1 > maxBuckets) {
            by++;
        }
        return by;
    }

    private int extraDownscale(ExponentialBuckets mine, int myShift, ExponentialBuckets theirs, int theirShift) {
        if (mine.isEmpty() && theirs.isEmpty()) {
            return 0;
        }
        if (mine.isEmpty()) {
            return downscaleNeeded(theirs.offset() >> theirShift, theirs.lastIndex() >> theirShift,
                    theirs.offset() >> theirShift, theirs.lastIndex() >> theirShift);
        }
        if (theirs.isEmpty()) {
            return downscaleNeeded(mine.offset() >> myShift, mine.lastIndex() >> myShift,
                    mine.offset() >> myShift, mine.lastIndex() >> myShift);
        }
        return downscaleNeeded(mine.offset() >> myShift, mine.lastIndex() >> myShift,
                theirs.offset() >> theirShift, theirs.lastIndex() >> theirShift);
    }

    /** Merges another histogram's zero bucket and buckets (not its count and sum) into this one. */
    void mergeBuckets(int otherScale, double otherZeroThreshold, double otherZeroCount,
            ExponentialBuckets otherPositive, ExponentialBuckets otherNegative) {
        int target = Math.min(scale, otherScale);
        int extra = Math.max(
                extraDownscale(positive, scale - target, otherPositive, otherScale - target),
                extraDownscale(negative, scale - target, otherNegative, otherScale - target));
        target = Math.max(Base2ExponentialIndexer.MIN_SCALE, target - extra);
        downscale(scale - target);
        int otherShift = otherScale - target;

        double otherZero = otherZeroCount;
        double otherThreshold = otherZeroThreshold;
        while (otherThreshold != zeroThreshold) {
            if (zeroThreshold > otherThreshold) {
                otherThreshold = zeroCountForLargerThreshold(
                        otherZeroCount, otherPositive, otherNegative, otherShift, zeroThreshold);
                otherZero = scratchZeroCount;
            }
            if (otherThreshold > zeroThreshold) {
                zeroThreshold = zeroCountForLargerThreshold(zeroCount, positive, negative, 0, otherThreshold);
                zeroCount = scratchZeroCount;
                clearBucketsInZeroBucket(positive);
                clearBucketsInZeroBucket(negative);
            }
        }
        zeroCount += otherZero;
        addBuckets(positive, otherPositive, otherShift);
        addBuckets(negative, otherNegative, otherShift);
    }

    /**
     * Empties the buckets counted in the zero bucket: those whose lower boundary is below the zero
     * threshold, or whose upper one is not above it (a bucket below the smallest double's
     * resolution has both boundaries equal).
     */
    private void clearBucketsInZeroBucket(ExponentialBuckets buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        for (int index = buckets.offset(); index <= buckets.lastIndex()
                && (Base2ExponentialIndexer.lowerBoundary(index, scale) < zeroThreshold
                        || Base2ExponentialIndexer.lowerBoundary(index + 1, scale) <= zeroThreshold); index++) {
            buckets.clearBucket(index);
        }
        buckets.trim();
    }

    private void addBuckets(ExponentialBuckets into, ExponentialBuckets from, int shift) {
        if (from.isEmpty()) {
            return;
        }
        int low = from.offset() >> shift;
        int high = from.lastIndex() >> shift;
        if (zeroThreshold > 0) {
            // Buckets entirely within the zero bucket were counted in the zero count.
            while (low <= high && Base2ExponentialIndexer.lowerBoundary(low + 1, scale) <= zeroThreshold) {
                low++;
            }
            if (low > high) {
                return;
            }
        }
        into.include(low, high);
        for (int i = 0; i < from.length(); i++) {
            int index = (from.offset() + i) >> shift;
            double bucket = from.countAt(i);
            if (index >= low && bucket != 0) {
                into.addInWindow(index, bucket);
            }
        }
        into.trim();
    }

    /** Builds a histogram from its parts; used by decoders, serializers and tests. */
    public static final class Builder {
        private static final double[] NO_COUNTS = new double[0];

        private int maxBuckets = DEFAULT_MAX_BUCKETS;
        private int scale = Base2ExponentialIndexer.MAX_SCALE;
        private double zeroThreshold;
        private double zeroCount;
        private double count = Double.NaN;
        private double sum;
        private double min = Double.NaN;
        private double max = Double.NaN;
        private int positiveOffset;
        private double[] positiveCounts = NO_COUNTS;
        private int negativeOffset;
        private double[] negativeCounts = NO_COUNTS;
        private Integer resetScale;
        private Double resetZeroThreshold;

        private Builder() {}

        /**
         * Scale and zero threshold that {@link ExponentialHistogram#reset()} returns to; default:
         * the built ones. Serializers use it to restore a histogram exactly.
         */
        public Builder resetTo(int scale, double zeroThreshold) {
            this.resetScale = scale;
            this.resetZeroThreshold = zeroThreshold;
            return this;
        }

        /** Bucket limit per sign; default {@value ExponentialHistogram#DEFAULT_MAX_BUCKETS}. */
        public Builder maxBuckets(int maxBuckets) {
            this.maxBuckets = maxBuckets;
            return this;
        }

        /** Scale of the given buckets, and of an empty histogram's first value; default 20. */
        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        /** Zero bucket half-width: values with {@code |v| <= zeroThreshold} count there; default 0. */
        public Builder zeroThreshold(double zeroThreshold) {
            this.zeroThreshold = zeroThreshold;
            return this;
        }

        public Builder zeroCount(double zeroCount) {
            this.zeroCount = zeroCount;
            return this;
        }

        /** Total count; defaults to the zero count plus all bucket counts. */
        public Builder count(double count) {
            this.count = count;
            return this;
        }

        public Builder sum(double sum) {
            this.sum = sum;
            return this;
        }

        /** Known extremes; without them the histogram reports no min and max. */
        public Builder minMax(double min, double max) {
            this.min = min;
            this.max = max;
            return this;
        }

        /** Positive buckets {@code offset, offset + 1, ...} (OpenTelemetry indices); copied. */
        public Builder positive(int offset, double... counts) {
            this.positiveOffset = offset;
            this.positiveCounts = counts.clone();
            return this;
        }

        /** Negative buckets by the index of their absolute values; copied. */
        public Builder negative(int offset, double... counts) {
            this.negativeOffset = offset;
            this.negativeCounts = counts.clone();
            return this;
        }

        /**
         * Validates and builds. Buckets wider than {@code maxBuckets} are merged by lowering the
         * scale; empty buckets at the ends of each sign are dropped.
         */
        public ExponentialHistogram build() {
            if (maxBuckets < MIN_MAX_BUCKETS || maxBuckets > MAX_MAX_BUCKETS) {
                throw new IllegalArgumentException("maxBuckets is " + maxBuckets + "; expected "
                        + MIN_MAX_BUCKETS + ".." + MAX_MAX_BUCKETS);
            }
            if (scale < Base2ExponentialIndexer.MIN_SCALE || scale > Base2ExponentialIndexer.MAX_SCALE) {
                throw new IllegalArgumentException("scale is " + scale + "; expected "
                        + Base2ExponentialIndexer.MIN_SCALE + ".." + Base2ExponentialIndexer.MAX_SCALE);
            }
            if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
                throw new IllegalArgumentException("zeroThreshold is " + zeroThreshold
                        + "; expected a finite value >= 0");
            }
            if (!(zeroCount >= 0) || Double.isInfinite(zeroCount)) {
                throw new IllegalArgumentException("zeroCount is " + zeroCount + "; expected a finite value >= 0");
            }
            checkCounts("positive", positiveOffset, positiveCounts);
            checkCounts("negative", negativeOffset, negativeCounts);
            double total = count;
            if (Double.isNaN(total)) {
                total = zeroCount + sumOf(positiveCounts) + sumOf(negativeCounts);
            } else if (!(total >= 0) || Double.isInfinite(total)) {
                throw new IllegalArgumentException("count is " + count + "; expected a finite value >= 0");
            }
            boolean minMaxKnown = !Double.isNaN(min) && !Double.isNaN(max);
            if (minMaxKnown && min > max) {
                throw new IllegalArgumentException("min " + min + " is greater than max " + max);
            }

            int initialScale = resetScale == null ? scale : resetScale;
            double initialZeroThreshold = resetZeroThreshold == null ? zeroThreshold : resetZeroThreshold;
            if (initialScale < Base2ExponentialIndexer.MIN_SCALE || initialScale > Base2ExponentialIndexer.MAX_SCALE
                    || !(initialZeroThreshold >= 0) || Double.isInfinite(initialZeroThreshold)) {
                throw new IllegalArgumentException("reset scale " + initialScale + " or zero threshold "
                        + initialZeroThreshold + " out of range; expected -10..20 and a finite value >= 0");
            }
            ExponentialHistogram h = new ExponentialHistogram(maxBuckets, initialScale, initialZeroThreshold);
            h.scale = scale;
            h.zeroThreshold = zeroThreshold;
            h.zeroCount = zeroCount;
            h.count = total;
            h.sum = sum;
            h.minMaxKnown = minMaxKnown || total == 0;
            if (minMaxKnown) {
                h.min = min;
                h.max = max;
            }
            ExponentialBuckets pos = bucketsOf(positiveOffset, positiveCounts);
            ExponentialBuckets neg = bucketsOf(negativeOffset, negativeCounts);
            checkIndices("positive", pos, scale);
            checkIndices("negative", neg, scale);
            int by = Math.max(
                    pos.isEmpty() ? 0 : h.downscaleNeeded(pos.offset(), pos.lastIndex(), pos.offset(), pos.lastIndex()),
                    neg.isEmpty() ? 0 : h.downscaleNeeded(neg.offset(), neg.lastIndex(), neg.offset(), neg.lastIndex()));
            if (scale - by < Base2ExponentialIndexer.MIN_SCALE) {
                throw new IllegalArgumentException("buckets span more than " + maxBuckets
                        + " buckets even at scale " + Base2ExponentialIndexer.MIN_SCALE);
            }
            pos.downscale(by);
            neg.downscale(by);
            h.scale = scale - by;
            h.positive.set(pos.offset(), pos.toArray());
            h.negative.set(neg.offset(), neg.toArray());
            return h;
        }

        private static ExponentialBuckets bucketsOf(int offset, double[] counts) {
            ExponentialBuckets buckets = new ExponentialBuckets(Math.max(1, counts.length));
            buckets.set(offset, counts);
            buckets.trim();
            return buckets;
        }

        private static void checkCounts(String sign, int offset, double[] counts) {
            if ((long) offset + counts.length - 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(sign + " buckets end beyond index " + Integer.MAX_VALUE);
            }
            for (int i = 0; i < counts.length; i++) {
                if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
                    throw new IllegalArgumentException(sign + " bucket " + (offset + i) + " has count "
                            + counts[i] + "; expected a finite value >= 0");
                }
            }
        }

        /** Populated buckets beyond every double would break the index arithmetic's no-overflow margin. */
        private static void checkIndices(String sign, ExponentialBuckets buckets, int scale) {
            if (!buckets.isEmpty() && !(Base2ExponentialIndexer.isValidIndex(buckets.offset(), scale)
                    && Base2ExponentialIndexer.isValidIndex(buckets.lastIndex(), scale))) {
                throw new IllegalArgumentException(sign + " buckets " + buckets.offset() + ".." + buckets.lastIndex()
                        + " are out of range at scale " + scale + "; expected "
                        + Base2ExponentialIndexer.minIndex(scale) + ".." + Base2ExponentialIndexer.maxIndex(scale));
            }
        }

        private static double sumOf(double[] counts) {
            double total = 0;
            for (double c : counts) {
                total += c;
            }
            return total;
        }
    }
}
