package io.strata.pipeline.state.cache;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/** A {@link ValueState} read through a {@link KeyedStateCache}. */
final class CachedValueState<V> extends WriteBackEntries<Object, V> implements ValueState<V> {

    private final ValueState<V> state;

    CachedValueState(ValueState<V> state, KeyContext keys, int capacity) {
        super(keys, capacity, false);
        this.state = state;
    }

    @Override
    public V value() throws IOException {
        Object key = currentKey();
        Entry<V> entry = entry(key);
        if (entry != null) {
            return entry.value;
        }
        V value = state.value();
        if (value != null) {
            cache(key, value, false);
        }
        return value;
    }

    @Override
    public void update(V value) throws IOException {
        Object key = currentKey();
        Entry<V> entry = entry(key);
        if (entry != null) {
            entry.set(value);
        } else {
            cache(key, value, true);
        }
    }

    @Override
    public void clear() {
        Entry<V> entry = entry(currentKey());
        if (entry != null) {
            entry.set(null);
        } else {
            state.clear();
        }
    }

    @Override
    Object keyOf(Object key) {
        return key;
    }

    @Override
    void store(Object key, V value) throws IOException {
        if (value == null) {
            state.clear();
        } else {
            state.update(value);
        }
    }
}
