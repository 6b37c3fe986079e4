package io.strata.pipeline.state.cache;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * Keeps the values of a keyed function's hottest states (values, and single entries of maps) in
 * the heap between checkpoints, so a state backend that stores serialized bytes (RocksDB) is read
 * once per key and written back once per checkpoint instead of on every record. Each cached state
 * holds up to {@code capacity} entries and writes the least recently used one back when it needs
 * room; {@link #writeBack()} writes every changed value back before the keyed state is snapshotted.
 *
 * <p>With a capacity of zero (the heap backend, whose state already is live objects) {@link
 * #cached} returns the state itself. Cached values are the live working objects, as on the heap
 * backend: a function changes one and then calls {@code update}.
 */
public final class KeyedStateCache {

    /** Entries cached per state and subtask when not told otherwise. */
    public static final int DEFAULT_CAPACITY = 32_768;

    /** No caching: {@link #cached} returns the state itself. */
    public static final KeyedStateCache OFF = new KeyedStateCache(null, 0);

    private final KeyContext keys;
    private final int capacity;
    private final List<WriteBackEntries<?, ?>> states = new ArrayList<>();

    /**
     * @param keys the operator's key context: the cache reads the current key from it and
     *     switches it to write another key's value back
     * @param capacity entries kept per state; 0 disables caching
     */
    public KeyedStateCache(KeyContext keys, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.keys = keys;
        this.capacity = capacity;
    }

    /** {@code cache}, or {@link #OFF} for a function not run by a {@link StateCachingProcessOperator}. */
    public static KeyedStateCache orOff(KeyedStateCache cache) {
        return cache != null ? cache : OFF;
    }

    /** {@code state} behind this cache, or {@code state} itself when caching is off. */
    public <V> ValueState<V> cached(ValueState<V> state) {
        if (capacity == 0) {
            return state;
        }
        CachedValueState<V> cached = new CachedValueState<>(state, keys, capacity);
        states.add(cached);
        return cached;
    }

    /** {@code state} behind this cache (single entries only), or {@code state} itself when caching is off. */
    public <K, V> MapState<K, V> cached(MapState<K, V> state) {
        if (capacity == 0) {
            return state;
        }
        CachedMapState<K, V> cached = new CachedMapState<>(state, keys, capacity);
        states.add(cached);
        return cached;
    }

    /** Writes every value changed since the last write-back to its state; call before a snapshot. */
    public void writeBack() throws Exception {
        for (WriteBackEntries<?, ?> state : states) {
            state.writeBack();
        }
    }
}
