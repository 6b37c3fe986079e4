package io.strata.operators.ordering;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Items held back until event time reaches them: a binary min-heap on their timestamps, kept in
 * two parallel arrays so that holding an item allocates nothing but the occasional growth.
 * Items of equal timestamp leave in no particular order. Not thread-safe.
 */
public final class EventTimeReleaseQueue<T> {

    private static final int INITIAL_CAPACITY = 64;

    private long[] timestamps = new long[INITIAL_CAPACITY];
    private Object[] items = new Object[INITIAL_CAPACITY];
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The smallest timestamp held; only when not {@link #isEmpty()}. */
    public long oldestTimestamp() {
        if (size == 0) {
            throw new IllegalStateException("the queue is empty");
        }
        return timestamps[0];
    }

    public void add(long timestamp, T item) {
        if (size == timestamps.length) {
            int capacity = Math.addExact(size, size >> 1);
            timestamps = Arrays.copyOf(timestamps, capacity);
            items = Arrays.copyOf(items, capacity);
        }
        int i = size++;
        // Sift up: move parents later than the new item down until its place is found.
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (timestamps[parent] <= timestamp) {
                break;
            }
            timestamps[i] = timestamps[parent];
            items[i] = items[parent];
            i = parent;
        }
        timestamps[i] = timestamp;
        items[i] = item;
    }

    /** Hands {@code release} every item at or before {@code limit}, oldest first; returns how many. */
    public int releaseUpTo(long limit, Consumer<? super T> release) {
        int released = 0;
        while (size > 0 && timestamps[0] <= limit) {
            release.accept(removeOldest());
            released++;
        }
        return released;
    }

    /** Removes and returns the item with the smallest timestamp; only when not {@link #isEmpty()}. */
    @SuppressWarnings("unchecked")
    public T removeOldest() {
        if (size == 0) {
            throw new IllegalStateException("the queue is empty");
        }
        T oldest = (T) items[0];
        int last = --size;
        long movedTimestamp = timestamps[last];
        Object moved = items[last];
        items[last] = null;
        if (last > 0) {
            siftDown(movedTimestamp, moved, last);
        }
        return oldest;
    }

    /** Hands {@code visit} every item held, in no particular order, keeping them. */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super T> visit) {
        for (int i = 0; i < size; i++) {
            visit.accept((T) items[i]);
        }
    }

    private void siftDown(long timestamp, Object item, int end) {
        int i = 0;
        int half = end >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < end && timestamps[right] < timestamps[child]) {
                child = right;
            }
            if (timestamp <= timestamps[child]) {
                break;
            }
            timestamps[i] = timestamps[child];
            items[i] = items[child];
            i = child;
        }
        timestamps[i] = timestamp;
        items[i] = item;
    }
}
