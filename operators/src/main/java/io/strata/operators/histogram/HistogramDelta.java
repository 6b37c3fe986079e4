package io.strata.operators.histogram;

import io.strata.operators.series.StaleMarker;

/**
 * Turns consecutive cumulative histograms of one series into deltas, detecting counter resets as
 * Prometheus' {@code FloatHistogram.DetectReset} does.
 *
 * <p>A reset is: a {@link ResetHint#YES} hint (and never with {@link ResetHint#NO}); otherwise a
 * drop of the count or of the zero count, an increase of the scale, a decrease of the zero
 * threshold (or an increase that lands inside a populated bucket of the previous histogram), or
 * a populated bucket that shrinks or disappears. A drop of the sum is not a reset: observations
 * may be negative. A {@link ResetHint#GAUGE} hint is treated as {@link ResetHint#UNKNOWN}, as
 * Prometheus does; gauge histograms should not be turned into deltas at all. A staleness marker
 * (sum {@link StaleMarker#STALE_NAN}) is neither a value nor a reset: callers skip it, and both
 * methods refuse it rather than read its zero count as a reset.
 */
public final class HistogramDelta {

    private HistogramDelta() {}

    /** Returns whether {@code current} follows a counter reset since {@code previous}. */
    public static boolean isReset(ExponentialHistogram current, ExponentialHistogram previous, ResetHint hint) {
        if (StaleMarker.isStaleMarker(current.sum()) || StaleMarker.isStaleMarker(previous.sum())) {
            throw new IllegalArgumentException("a staleness marker is not a value; skip it before taking deltas");
        }
        if (hint == ResetHint.YES) {
            return true;
        }
        if (hint == ResetHint.NO) {
            return false;
        }
        if (current.count() < previous.count()) {
            return true;
        }
        if (current.scale() > previous.scale()) {
            return true;
        }
        double threshold = current.zeroThreshold();
        if (threshold < previous.zeroThreshold()) {
            return true;
        }
        double previousZeroCount = previousZeroCount(current, previous);
        if (Double.isNaN(previousZeroCount)) {
            // The new threshold falls inside a populated bucket of the previous histogram.
            return true;
        }
        if (current.zeroCount() < previousZeroCount) {
            return true;
        }
        int shift = previous.scale() - current.scale();
        return anyBucketDecreased(current.positive(), previous.positive(), shift, threshold, current.scale())
                || anyBucketDecreased(current.negative(), previous.negative(), shift, threshold, current.scale());
    }

    /**
     * Writes {@code current - previous} into {@code into} and returns false, or, after a reset,
     * writes {@code current} itself (everything since the reset) and returns true. The delta is
     * at {@code current}'s scale and zero threshold; min and max are kept only after a reset (a
     * cumulative min or max says nothing about one interval). Guarded by caller: {@code into}
     * holds at least as many buckets per sign as {@code current}.
     *
     * @throws IllegalArgumentException if either histogram is a staleness marker, or the hint is
     *     {@link ResetHint#NO} but the data shows a reset: the difference would have negative counts
     */
    public static boolean delta(ExponentialHistogram current, ExponentialHistogram previous, ResetHint hint,
            ExponentialHistogram into) {
        boolean reset = isReset(current, previous, hint);
        into.copyFrom(current);
        if (reset) {
            return true;
        }
        if (hint == ResetHint.NO && isReset(current, previous, ResetHint.UNKNOWN)) {
            // Prometheus would trust the hint and yield negative counts; a rollup cannot use them.
            throw new IllegalArgumentException("reset hint NO contradicts the data: " + previous
                    + " -> " + current);
        }
        double previousZeroCount = previousZeroCount(current, previous);
        into.subtractCounts(previous.count(), previous.sum(), previousZeroCount);
        int shift = previous.scale() - current.scale();
        subtract(into.positive(), previous.positive(), shift, current.zeroThreshold(), current.scale());
        subtract(into.negative(), previous.negative(), shift, current.zeroThreshold(), current.scale());
        into.trimBuckets();
        return false;
    }

    /**
     * Returns the previous histogram's zero count at the current (equal or larger) threshold, or
     * NaN if that threshold falls inside one of its populated buckets.
     */
    private static double previousZeroCount(ExponentialHistogram current, ExponentialHistogram previous) {
        double threshold = current.zeroThreshold();
        if (threshold == previous.zeroThreshold()) {
            return previous.zeroCount();
        }
        double widened = previous.zeroCountForLargerThreshold(
                previous.zeroCount(), previous.positive(), previous.negative(), 0, threshold);
        return widened == threshold ? previous.scratchZeroCount() : Double.NaN;
    }

    private static boolean anyBucketDecreased(ExponentialBuckets current, ExponentialBuckets previous, int shift,
            double threshold, int scale) {
        if (shift == 0 && threshold == 0) {
            // Common case, same layout: compare bucket by bucket.
            int offset = previous.offset();
            for (int i = 0; i < previous.length(); i++) {
                if (previous.countAt(i) > current.count(offset + i)) {
                    return true;
                }
            }
            return false;
        }
        for (MergedBuckets merged = new MergedBuckets(previous, shift, firstAboveThreshold(previous, scale + shift, threshold));
                merged.next(); ) {
            if (merged.count() > current.count(merged.index())) {
                return true;
            }
        }
        return false;
    }

    private static void subtract(ExponentialBuckets into, ExponentialBuckets previous, int shift,
            double threshold, int scale) {
        if (shift == 0 && threshold == 0) {
            int offset = previous.offset();
            for (int i = 0; i < previous.length(); i++) {
                double bucket = previous.countAt(i);
                if (bucket != 0) {
                    into.addInWindow(offset + i, -bucket);
                }
            }
            return;
        }
        for (MergedBuckets merged = new MergedBuckets(previous, shift, firstAboveThreshold(previous, scale + shift, threshold));
                merged.next(); ) {
            if (merged.count() != 0) {
                into.addInWindow(merged.index(), -merged.count());
            }
        }
    }

    /**
     * Returns the position of the previous histogram's first bucket not entirely within the zero
     * bucket, judged at its own scale: {@link #previousZeroCount} counted the ones before it there.
     * Judged at the current, coarser scale, a bucket straddling the threshold would be taken
     * for one above it and its counts subtracted twice.
     */
    private static int firstAboveThreshold(ExponentialBuckets previous, int previousScale, double threshold) {
        int i = 0;
        if (threshold > 0) {
            while (i < previous.length()
                    && Base2ExponentialIndexer.lowerBoundary(previous.offset() + i + 1, previousScale) <= threshold) {
                i++;
            }
        }
        return i;
    }
}
