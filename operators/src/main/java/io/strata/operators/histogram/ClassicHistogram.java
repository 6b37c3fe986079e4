package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * Immutable classic Prometheus histogram: cumulative counts per {@code le} upper bound, sorted by
 * bound, equal bounds coalesced (as {@code promql/quantile.go} {@code coalesceBuckets} does for
 * {@code le="0.2"} and {@code le="2e-1"}).
 */
public final class ClassicHistogram {

    /** An histogram without buckets; its quantiles are NaN. */
    public static final ClassicHistogram EMPTY = new ClassicHistogram(new double[0], new double[0]);

    /**
     * Relative difference below which neighbouring cumulative counts are taken as equal, Prometheus'
     * {@code smallDeltaTolerance} in {@code ensureMonotonicAndIgnoreSmallDeltas}.
     */
    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    /** Smallest normal double, the denominator floor of Prometheus' {@code almost.Equal}. */
    private static final double MIN_NORMAL = Double.MIN_NORMAL;

    private final double[] upperBounds;
    private final double[] cumulativeCounts;

    private ClassicHistogram(double[] upperBounds, double[] cumulativeCounts) {
        this.upperBounds = upperBounds;
        this.cumulativeCounts = cumulativeCounts;
    }

    /**
     * Returns the histogram of the given {@code le} bounds and their cumulative counts, in any
     * order; both arrays are copied. Counts of equal bounds are added.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a bound is NaN or a count
     *     is negative or NaN
     */
    public static ClassicHistogram of(double[] upperBounds, double[] cumulativeCounts) {
        if (upperBounds.length != cumulativeCounts.length) {
            throw new IllegalArgumentException(upperBounds.length + " le bounds but " + cumulativeCounts.length
                    + " counts; expected one count per bound");
        }
        int n = upperBounds.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(upperBounds[i])) {
                throw new IllegalArgumentException("le bound " + i + " is NaN");
            }
            if (!(cumulativeCounts[i] >= 0)) {
                throw new IllegalArgumentException("count of le=" + upperBounds[i] + " is " + cumulativeCounts[i]
                        + "; expected >= 0");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(upperBounds[a], upperBounds[b]));
        double[] bounds = new double[n];
        double[] counts = new double[n];
        int k = -1;
        for (int i = 0; i < n; i++) {
            double bound = upperBounds[order[i]];
            if (k >= 0 && bounds[k] == bound) {
                counts[k] += cumulativeCounts[order[i]];
            } else {
                k++;
                bounds[k] = bound;
                counts[k] = cumulativeCounts[order[i]];
            }
        }
        return new ClassicHistogram(Arrays.copyOf(bounds, k + 1), Arrays.copyOf(counts, k + 1));
    }

    public int size() {
        return upperBounds.length;
    }

    public double upperBound(int i) {
        return upperBounds[i];
    }

    public double cumulativeCount(int i) {
        return cumulativeCounts[i];
    }

    public double[] upperBounds() {
        return upperBounds.clone();
    }

    public double[] cumulativeCounts() {
        return cumulativeCounts.clone();
    }

    /**
     * Returns the sum of this histogram and {@code other} by {@code le}, as {@code sum by (le)}
     * computes it: counts of equal bounds add; a bound only one side has keeps only that side's
     * count (quantiles then rely on the monotonicity repair, as in Prometheus).
     */
    public ClassicHistogram merge(ClassicHistogram other) {
        double[] bounds = new double[upperBounds.length + other.upperBounds.length];
        double[] counts = new double[bounds.length];
        System.arraycopy(upperBounds, 0, bounds, 0, upperBounds.length);
        System.arraycopy(other.upperBounds, 0, bounds, upperBounds.length, other.upperBounds.length);
        System.arraycopy(cumulativeCounts, 0, counts, 0, cumulativeCounts.length);
        System.arraycopy(other.cumulativeCounts, 0, counts, cumulativeCounts.length, other.cumulativeCounts.length);
        return of(bounds, counts);
    }

    /**
     * Returns the {@code q}-quantile as Prometheus' {@code BucketQuantile} (classic histograms,
     * {@code promql/quantile.go}, Prometheus 3.x) computes it: linear interpolation within the
     * bucket holding rank {@code q * count}, a lower bound of 0 for the first bucket when its
     * upper bound is positive (else that bound itself), the second-highest bound when the rank
     * falls into the +Inf bucket. Counts are first made monotonic, ignoring relative differences
     * up to 1e-12. NaN without a +Inf bucket, with fewer than two buckets, with no observations
     * or for a NaN {@code q}; -Inf for {@code q < 0}; +Inf for {@code q > 1}. Prometheus 2.42
     * interpolates the same way but forces monotonicity without the 1e-12 tolerance ({@link
     * #quantilePrometheus242}).
     */
    public double quantile(double q) {
        return quantile(q, true);
    }

    /**
     * Returns the {@code q}-quantile as Prometheus v2.42.0's {@code bucketQuantile} ({@code
     * promql/quantile.go}) computes it: as {@link #quantile}, but {@code ensureMonotonic} only
     * lifts a count below its predecessor's, with no tolerance for small relative differences.
     */
    public double quantilePrometheus242(double q) {
        return quantile(q, false);
    }

    private double quantile(double q, boolean ignoreSmallDeltas) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = upperBounds.length;
        if (n == 0 || upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double[] counts = cumulativeCounts.clone();
        if (ignoreSmallDeltas) {
            ensureMonotonicIgnoringSmallDeltas(counts);
        } else {
            ensureMonotonic(counts);
        }
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        // First bucket among all but +Inf whose cumulative count reaches the rank (sort.Search).
        int b = 0;
        while (b < n - 1 && counts[b] < rank) {
            b++;
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    private static void ensureMonotonic(double[] counts) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > max) {
                max = counts[i];
            } else if (counts[i] < max) {
                counts[i] = max;
            }
        }
    }

    private static void ensureMonotonicIgnoringSmallDeltas(double[] counts) {
        double previous = counts[0];
        for (int i = 1; i < counts.length; i++) {
            double current = counts[i];
            if (current == previous) {
                continue;
            }
            if (almostEqual(previous, current, SMALL_DELTA_TOLERANCE) || current < previous) {
                counts[i] = previous;
                continue;
            }
            previous = current;
        }
    }

    /** Prometheus' {@code util/almost.Equal}. */
    private static boolean almostEqual(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicHistogram h
                && Arrays.equals(upperBounds, h.upperBounds)
                && Arrays.equals(cumulativeCounts, h.cumulativeCounts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(upperBounds) + Arrays.hashCode(cumulativeCounts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClassicHistogram{");
        for (int i = 0; i < upperBounds.length; i++) {
            sb.append(i == 0 ? "" : ", ").append("le=").append(upperBounds[i]).append(':').append(cumulativeCounts[i]);
        }
        return sb.append('}').toString();
    }
}
