package io.strata.pipeline.state.cache;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A {@link MapState} whose single-entry reads and writes ({@code get}, {@code put}, {@code
 * remove}, {@code contains}) go through a {@link KeyedStateCache}. Reading the whole map of a key
 * (iterating, {@code isEmpty}) writes that key's changes back and forgets them first, so it sees
 * the state as it is and can change it.
 */
final class CachedMapState<K, V> extends WriteBackEntries<CachedMapState.MapKey, V> implements MapState<K, V> {

    private final MapState<K, V> state;
    /** Held, so that a read allocates no lambda. */
    private final Load<MapKey, V, Exception> fromState;

    CachedMapState(MapState<K, V> state, KeyContext keys, int capacity) {
        super(keys, capacity, true);
        this.state = state;
        this.fromState = cached -> state.get(mapKeyOf(cached));
    }

    /** An entry of one key's map. */
    record MapKey(Object key, Object mapKey) {}

    @Override
    public V get(K mapKey) throws Exception {
        return read(new MapKey(currentKey(), mapKey), fromState);
    }

    @Override
    public void put(K mapKey, V value) throws Exception {
        change(new MapKey(currentKey(), mapKey), value);
    }

    @Override
    public void putAll(Map<K, V> map) throws Exception {
        for (Map.Entry<K, V> e : map.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    @Override
    public void remove(K mapKey) throws Exception {
        if (!deleteCached(new MapKey(currentKey(), mapKey))) {
            state.remove(mapKey);
        }
    }

    @Override
    public boolean contains(K mapKey) throws Exception {
        return get(mapKey) != null;
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() throws Exception {
        return wholeMap().entries();
    }

    @Override
    public Iterable<K> keys() throws Exception {
        return wholeMap().keys();
    }

    @Override
    public Iterable<V> values() throws Exception {
        return wholeMap().values();
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() throws Exception {
        return wholeMap().iterator();
    }

    @Override
    public boolean isEmpty() throws Exception {
        return wholeMap().isEmpty();
    }

    @Override
    public void clear() {
        forgetCurrentKey();
        state.clear();
    }

    /** The state itself, with the current key's cached changes written to it and forgotten. */
    private MapState<K, V> wholeMap() throws IOException {
        writeBackAndForgetCurrentKey();
        return state;
    }

    @Override
    Object keyOf(MapKey cached) {
        return cached.key();
    }

    @Override
    void store(MapKey cached, V value) throws IOException {
        try {
            if (value == null) {
                state.remove(mapKeyOf(cached));
            } else {
                state.put(mapKeyOf(cached), value);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("writing back " + cached, e);
        }
    }

    @SuppressWarnings("unchecked")
    private K mapKeyOf(MapKey cached) {
        return (K) cached.mapKey();
    }
}
