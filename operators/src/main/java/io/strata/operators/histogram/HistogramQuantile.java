package io.strata.operators.histogram;

/**
 * Quantiles of an {@link ExponentialHistogram} exactly as Prometheus' {@code histogram_quantile}
 * computes them for native histograms with exponential buckets.
 *
 * <p>This follows {@code promql/quantile.go} {@code HistogramQuantile} of Prometheus 3.x (3.0.0
 * and later): buckets are walked from the bottom for {@code q < 0.5} and from the top for {@code
 * q >= 0.5} (or from the bottom whenever the sum is NaN, i.e. NaN was observed); empty buckets
 * are skipped; within an exponential bucket the result is interpolated exponentially ("log-linear",
 * PR #14677: the rank's fraction of the bucket is applied to the logarithms of its boundaries,
 * mirrored for negative buckets); within the zero bucket it is interpolated linearly, between 0
 * and the threshold when only positive buckets exist (mirrored for only negative ones) and
 * between {@code -threshold} and {@code threshold} otherwise. Edge cases as documented there:
 * {@code q < 0} gives -Inf, {@code q > 1} gives +Inf, an empty histogram or a NaN {@code q} gives
 * NaN.
 *
 * <p>Prometheus 2.42 (the version on the project's test machines) differs: it always walks from
 * the bottom with the rank {@code q * count} and interpolates linearly in every bucket (the
 * reverse walk came with PR #12525 in mid-2023, after 2.42; exponential interpolation with PR
 * #14677 in 3.0.0; skipping empty buckets later still). Its {@code histogram_quantile} over
 * Strata's hot output therefore differs from Strata's own p50/p90/p95/p99: within a bucket
 * (linear against exponential interpolation), and at a rank that falls exactly between two
 * populated buckets separated by empty ones (the bottom walk answers the upper bound of the lower
 * bucket, the top walk the lower bound of the upper one).
 */
public final class HistogramQuantile {

    private HistogramQuantile() {}

    /** Returns the {@code q}-quantile of {@code h}; see the class comment for the method. */
    public static double quantile(ExponentialHistogram h, double q) {
        return quantile(h, q, false);
    }

    /**
     * Returns the {@code q}-quantile of {@code h} as Prometheus v2.42.0's {@code
     * histogramQuantile} ({@code promql/quantile.go}) computes it: buckets walked from the bottom
     * with the rank {@code q * count}, linear interpolation in every bucket, the same edge cases.
     * (2.42 does not skip empty buckets, but in a bottom walk an empty bucket never reaches the
     * rank before the populated one below it, so the result is the same.)
     */
    public static double quantilePrometheus242(ExponentialHistogram h, double q) {
        return quantile(h, q, true);
    }

    private static double quantile(ExponentialHistogram h, double q, boolean prometheus242) {
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double total = h.count();
        if (total == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        boolean forward = prometheus242 || Double.isNaN(h.sum()) || q < 0.5;
        double rank = forward ? q * total : (1 - q) * total;

        ExponentialBuckets neg = h.negative();
        ExponentialBuckets pos = h.positive();
        int scale = h.scale();
        double threshold = h.zeroThreshold();
        int negLength = neg.length();
        int zeroSlots = h.zeroCount() > 0 ? 1 : 0;
        int slots = negLength + zeroSlots + pos.length();

        // Find the bucket on counts alone; its boundaries are computed once, after the walk.
        int found = -1;
        double bucketCount = 0;
        double count = 0;
        for (int k = 0; k < slots; k++) {
            // Slots in ascending value order: negative buckets from the most negative, the zero
            // bucket, positive buckets from the smallest.
            found = forward ? k : slots - 1 - k;
            bucketCount = slotCount(h, found, negLength, zeroSlots);
            if (bucketCount == 0) {
                continue;
            }
            count += bucketCount;
            if (count >= rank) {
                break;
            }
        }
        double lower = 0;
        double upper = 0;
        if (found >= 0) {
            if (found < negLength) {
                int index = neg.lastIndex() - found;
                lower = -Base2ExponentialIndexer.lowerBoundary(index + 1, scale);
                upper = -Base2ExponentialIndexer.lowerBoundary(index, scale);
                if (upper < 0 && upper > -threshold) {
                    upper = -threshold;
                }
            } else if (found < negLength + zeroSlots) {
                lower = -threshold;
                upper = threshold;
            } else {
                int index = pos.offset() + (found - negLength - zeroSlots);
                lower = Base2ExponentialIndexer.lowerBoundary(index, scale);
                upper = Base2ExponentialIndexer.lowerBoundary(index + 1, scale);
                if (lower > 0 && lower < threshold) {
                    lower = threshold;
                }
            }
        }
        if (lower < 0 && upper > 0) {
            if (negLength == 0 && pos.length() > 0) {
                lower = 0;
            } else if (pos.length() == 0 && negLength > 0) {
                upper = 0;
            }
        }
        // Rounding could make the buckets add up to more than the count.
        if (count > total) {
            count = total;
        }
        // Only possible when NaN was observed: NaN counts but is in no bucket.
        if (count < rank) {
            return upper;
        }
        if (forward) {
            rank -= count - bucketCount;
        } else {
            rank = count - rank;
        }
        // Rounding in counts near 2^53 can put the rank a little outside the bucket; Prometheus
        // would then answer beyond the bucket's bounds (+Inf past Double.MAX_VALUE).
        double fraction = Math.max(0, Math.min(1, rank / bucketCount));
        if (prometheus242 || lower <= 0 && upper >= 0) {
            double width = upper - lower;
            if (Double.isInfinite(width)) {
                // Only a zero bucket of threshold above Double.MAX_VALUE / 2 is wider than a double;
                // Prometheus' formula answers +Inf or NaN there.
                return lower * (1 - fraction) + upper * fraction;
            }
            return lower + width * fraction;
        }
        double logLower = Base2ExponentialIndexer.log2(Math.abs(lower));
        double logUpper = Base2ExponentialIndexer.log2(Math.abs(upper));
        // Clamped to the bucket: log2(Double.MAX_VALUE) rounds to 1024, whose power of two overflows
        // to +Inf (Prometheus' Exp2 answers +Inf there; the bucket's bound is the closer answer).
        if (lower > 0) {
            return Math.min(upper, Math.pow(2.0, logLower + (logUpper - logLower) * fraction));
        }
        return Math.max(lower, -Math.pow(2.0, logUpper + (logLower - logUpper) * (1 - fraction)));
    }

    private static double slotCount(ExponentialHistogram h, int slot, int negLength, int zeroSlots) {
        if (slot < negLength) {
            return h.negative().countAt(negLength - 1 - slot);
        }
        if (slot < negLength + zeroSlots) {
            return h.zeroCount();
        }
        return h.positive().countAt(slot - negLength - zeroSlots);
    }
}
