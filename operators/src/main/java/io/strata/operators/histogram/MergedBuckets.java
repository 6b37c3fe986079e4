package io.strata.operators.histogram;

/**
 * Walks buckets as they read {@code shift} scale steps coarser: each step is one coarser index and
 * the sum of the counts that fall into it, in index order. The one loop behind the zero
 * threshold's widening and the delta's reset check and subtraction. Not thread-safe.
 */
final class MergedBuckets {

    private final ExponentialBuckets buckets;
    private final int shift;
    private int position;
    private int index;
    private double count;

    /** A walk of {@code buckets} from their {@code from}-th bucket. */
    MergedBuckets(ExponentialBuckets buckets, int shift, int from) {
        this.buckets = buckets;
        this.shift = shift;
        this.position = from;
    }

    /** Moves to the next coarser bucket; false when there is none. */
    boolean next() {
        if (position >= buckets.length()) {
            return false;
        }
        index = (buckets.offset() + position) >> shift;
        count = 0;
        while (position < buckets.length() && ((buckets.offset() + position) >> shift) == index) {
            count += buckets.countAt(position++);
        }
        return true;
    }

    /** The coarser bucket's index. */
    int index() {
        return index;
    }

    /** The sum of the counts that fall into it. */
    double count() {
        return count;
    }
}
