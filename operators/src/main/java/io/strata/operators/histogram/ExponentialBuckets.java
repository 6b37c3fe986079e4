package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * The bucket counts of one sign of an {@link ExponentialHistogram}: a dense window of bucket
 * indices {@code [offset, offset + length)} over a primitive array. Read-only to callers; its
 * histogram owns and mutates it. Not thread-safe.
 *
 * <p>Invariants: {@code length <= capacity}; array slots at and beyond {@code length} are zero;
 * an empty window has {@code length == 0} and no meaningful offset. The array is allocated at
 * the first bucket, so a sign that never sees a value costs no memory.
 */
public final class ExponentialBuckets {

    private final int capacity;
    private double[] counts;
    private int offset;
    private int length;

    ExponentialBuckets(int capacity) {
        this.capacity = capacity;
    }

    /** Returns the index of the first bucket of the window; meaningless when empty. */
    public int offset() {
        return offset;
    }

    /** Returns the number of buckets in the window, empty ones between populated ones included. */
    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Returns the index of the last bucket of the window; meaningless when empty. */
    public int lastIndex() {
        return offset + length - 1;
    }

    /** Returns the count of the {@code i}-th bucket of the window, {@code 0 <= i < length()}. */
    public double countAt(int i) {
        return counts[i];
    }

    /** Returns the count of bucket {@code index}, zero outside the window. */
    public double count(int index) {
        long i = (long) index - offset;
        return i >= 0 && i < length ? counts[(int) i] : 0;
    }

    /** Returns the sum of all bucket counts. */
    public double total() {
        double total = 0;
        for (int i = 0; i < length; i++) {
            total += counts[i];
        }
        return total;
    }

    /** Returns a copy of the window's counts. */
    public double[] toArray() {
        return length == 0 ? new double[0] : Arrays.copyOf(counts, length);
    }

    /**
     * Adds {@code delta} to bucket {@code index} if the window, grown to include it, stays within
     * capacity; returns false and changes nothing otherwise.
     */
    boolean tryAdd(int index, double delta) {
        if (length == 0) {
            ensureArray();
            offset = index;
            length = 1;
            counts[0] = delta;
            return true;
        }
        long i = (long) index - offset;
        if (i >= 0 && i < length) {
            counts[(int) i] += delta;
            return true;
        }
        if (i >= length) {
            if (i >= capacity) {
                return false;
            }
            length = (int) i + 1;
            counts[(int) i] += delta;
            return true;
        }
        long grownLength = length - i;
        if (grownLength > capacity) {
            return false;
        }
        int shift = (int) -i;
        System.arraycopy(counts, 0, counts, shift, length);
        Arrays.fill(counts, 0, shift, 0);
        offset = index;
        length = (int) grownLength;
        counts[0] = delta;
        return true;
    }

    /** Grows the window to include {@code [lowIndex, highIndex]}; guarded by caller: it fits. */
    void include(int lowIndex, int highIndex) {
        if (length == 0) {
            ensureArray();
            offset = lowIndex;
            length = highIndex - lowIndex + 1;
            return;
        }
        int newOffset = Math.min(offset, lowIndex);
        int newLast = Math.max(lastIndex(), highIndex);
        int shift = offset - newOffset;
        if (shift > 0) {
            System.arraycopy(counts, 0, counts, shift, length);
            Arrays.fill(counts, 0, shift, 0);
        }
        offset = newOffset;
        length = newLast - newOffset + 1;
    }

    /** Adds {@code delta} to bucket {@code index}; guarded by caller: the index is in the window. */
    void addInWindow(int index, double delta) {
        counts[index - offset] += delta;
    }

    /** Multiplies every count in the window by {@code factor}. */
    void multiply(double factor) {
        for (int i = 0; i < length; i++) {
            counts[i] *= factor;
        }
    }

    /** Sets bucket {@code index} to zero if it is in the window. */
    void clearBucket(int index) {
        long i = (long) index - offset;
        if (i >= 0 && i < length) {
            counts[(int) i] = 0;
        }
    }

    /**
     * Merges each run of {@code 2^by} neighbouring buckets into one: index {@code i} becomes
     * {@code i >> by}. In place: the target slot of a bucket never lies after its own slot.
     */
    void downscale(int by) {
        if (by <= 0 || length == 0) {
            return;
        }
        int newOffset = offset >> by;
        for (int i = 0; i < length; i++) {
            int target = ((offset + i) >> by) - newOffset;
            if (target != i) {
                counts[target] += counts[i];
                counts[i] = 0;
            }
        }
        length = (lastIndex() >> by) - newOffset + 1;
        offset = newOffset;
    }

    /** Drops empty buckets at both ends of the window. */
    void trim() {
        int first = 0;
        while (first < length && counts[first] == 0) {
            first++;
        }
        if (first == length) {
            clear();
            return;
        }
        int last = length - 1;
        while (counts[last] == 0) {
            last--;
        }
        int newLength = last - first + 1;
        if (first > 0) {
            System.arraycopy(counts, first, counts, 0, newLength);
            Arrays.fill(counts, newLength, length, 0);
        } else if (newLength < length) {
            Arrays.fill(counts, newLength, length, 0);
        }
        offset += first;
        length = newLength;
    }

    void clear() {
        if (counts != null) {
            Arrays.fill(counts, 0, length, 0);
        }
        offset = 0;
        length = 0;
    }

    void copyFrom(ExponentialBuckets other) {
        clear();
        if (other.length == 0) {
            return;
        }
        ensureArray();
        System.arraycopy(other.counts, 0, counts, 0, other.length);
        offset = other.offset;
        length = other.length;
    }

    /** Replaces the window; guarded by caller: {@code values.length <= capacity}. */
    void set(int newOffset, double[] values) {
        clear();
        if (values.length == 0) {
            return;
        }
        ensureArray();
        System.arraycopy(values, 0, counts, 0, values.length);
        offset = newOffset;
        length = values.length;
    }

    private void ensureArray() {
        if (counts == null) {
            counts = new double[capacity];
        }
    }
}
