package io.strata.pipeline.state.cache;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A {@link ValueState} read through a bounded, least-recently-used heap cache with write-back
 * ({@link KeyedStateCache}). A cleared value is cached as a pending delete.
 */
final class CachedValueState<V> implements ValueState<V> {

    private final ValueState<V> state;
    private final KeyContext keys;
    private final int capacity;
    private final LinkedHashMap<Object, Entry<V>> entries;

    CachedValueState(ValueState<V> state, KeyContext keys, int capacity) {
        this.state = state;
        this.keys = keys;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    @Override
    public V value() throws IOException {
        Object key = keys.getCurrentKey();
        Entry<V> entry = entries.get(key);
        if (entry != null) {
            return entry.value;
        }
        V value = state.value();
        if (value != null) {
            put(key, new Entry<>(value, false));
        }
        return value;
    }

    @Override
    public void update(V value) throws IOException {
        Object key = keys.getCurrentKey();
        Entry<V> entry = entries.get(key);
        if (entry != null) {
            entry.value = value;
            entry.dirty = true;
        } else {
            put(key, new Entry<>(value, true));
        }
    }

    @Override
    public void clear() {
        Object key = keys.getCurrentKey();
        Entry<V> entry = entries.get(key);
        if (entry != null) {
            entry.value = null;
            entry.dirty = true;
        } else {
            state.clear();
        }
    }

    /** Writes every changed value back; the values stay cached. */
    void writeBack() throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        Object current = keys.getCurrentKey();
        for (Iterator<Map.Entry<Object, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, Entry<V>> e = it.next();
            Entry<V> entry = e.getValue();
            if (entry.dirty) {
                store(e.getKey(), entry.value);
                entry.dirty = false;
            }
            if (entry.value == null) {
                it.remove();
            }
        }
        restore(current);
    }

    private void put(Object key, Entry<V> entry) throws IOException {
        if (entries.size() >= capacity) {
            Iterator<Map.Entry<Object, Entry<V>>> eldest = entries.entrySet().iterator();
            Map.Entry<Object, Entry<V>> evicted = eldest.next();
            eldest.remove();
            if (evicted.getValue().dirty) {
                store(evicted.getKey(), evicted.getValue().value);
                restore(key);
            }
        }
        entries.put(key, entry);
    }

    /** Writes one key's value (null: deletes it); leaves that key current. */
    private void store(Object key, V value) throws IOException {
        keys.setCurrentKey(key);
        if (value == null) {
            state.clear();
        } else {
            state.update(value);
        }
    }

    private void restore(Object key) {
        if (key != null) {
            keys.setCurrentKey(key);
        }
    }

    private static final class Entry<V> {
        V value;
        boolean dirty;

        Entry(V value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }
}
