package io.strata.pipeline.sink.remotewrite;

import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.cursors.LongLongCursor;
import java.util.Arrays;

/**
 * The last delivered timestamp per series, so that a replay after a restore does not send again
 * what the receiver already holds. Bounded: a snapshot keeps the {@code maxSeries} series
 * delivered most recently. Not thread-safe.
 */
final class SeriesHighWaterMarks {

    private final LongLongHashMap lastDelivered = new LongLongHashMap();
    private final int maxSeries;

    SeriesHighWaterMarks(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    /** True if {@code series} already has a delivered sample at or after {@code timestamp}. */
    boolean isDelivered(long series, long timestamp) {
        int slot = lastDelivered.indexOf(series);
        return lastDelivered.indexExists(slot) && lastDelivered.indexGet(slot) >= timestamp;
    }

    void delivered(long series, long timestamp) {
        int slot = lastDelivered.indexOf(series);
        if (!lastDelivered.indexExists(slot)) {
            lastDelivered.indexInsert(slot, series, timestamp);
        } else if (lastDelivered.indexGet(slot) < timestamp) {
            lastDelivered.indexReplace(slot, timestamp);
        }
    }

    int size() {
        return lastDelivered.size();
    }

    /** At most {@code maxSeries} entries, the most recent ones; drops the others from this map too. */
    RemoteWriteWriterState snapshot() {
        if (lastDelivered.size() > maxSeries) {
            evictOldest();
        }
        long[] series = new long[lastDelivered.size()];
        long[] timestamps = new long[series.length];
        int i = 0;
        for (LongLongCursor c : lastDelivered) {
            series[i] = c.key;
            timestamps[i++] = c.value;
        }
        return new RemoteWriteWriterState(series, timestamps);
    }

    void restore(RemoteWriteWriterState state) {
        for (int i = 0; i < state.series().length; i++) {
            delivered(state.series()[i], state.timestamps()[i]);
        }
    }

    private void evictOldest() {
        long[] timestamps = lastDelivered.values().toArray();
        Arrays.sort(timestamps);
        long cutoff = timestamps[timestamps.length - maxSeries];
        lastDelivered.removeAll((series, timestamp) -> timestamp < cutoff);
        // Ties at the cutoff may still leave more than maxSeries: drop any surplus.
        int surplus = lastDelivered.size() - maxSeries;
        if (surplus > 0) {
            long[] keys = lastDelivered.keys().toArray();
            for (int i = 0; i < surplus; i++) {
                lastDelivered.remove(keys[i]);
            }
        }
    }
}
