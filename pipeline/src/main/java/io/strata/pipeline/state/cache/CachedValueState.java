package io.strata.pipeline.state.cache;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.operators.KeyContext;

/** A {@link ValueState} read through a {@link KeyedStateCache}. */
final class CachedValueState<V> extends WriteBackEntries<Object, V> implements ValueState<V> {

    private final ValueState<V> state;
    /** Held, so that a read allocates no lambda. */
    private final Load<Object, V, IOException> fromState;

    CachedValueState(ValueState<V> state, KeyContext keys, int capacity) {
        super(keys, capacity, false);
        this.state = state;
        this.fromState = key -> state.value();
    }

    @Override
    public V value() throws IOException {
        return read(currentKey(), fromState);
    }

    @Override
    public void update(V value) throws IOException {
        change(currentKey(), value);
    }

    @Override
    public void clear() {
        if (!deleteCached(currentKey())) {
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
