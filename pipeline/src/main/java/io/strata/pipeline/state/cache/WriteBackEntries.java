package io.strata.pipeline.state.cache;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * The cached entries of one state ({@link KeyedStateCache}): at most {@code capacity}, the least
 * recently used one written back to the state when room is needed, every changed one on {@link
 * #writeBack()}. A cached null value is a pending delete. Entries are indexed by operator key, so
 * that one key's entries can be written back or forgotten without a scan of the cache.
 *
 * @param <C> what an entry is cached under: the key, or the key and a map key
 * @param <V> the value
 */
abstract class WriteBackEntries<C, V> {

    private final KeyContext keys;
    private final int capacity;
    private final LinkedHashMap<C, Entry<V>> entries;
    /** Operator key → its cached entries; null where an entry is cached under its key itself. */
    private final Map<Object, Set<C>> entriesByKey;

    WriteBackEntries(KeyContext keys, int capacity, boolean severalEntriesPerKey) {
        this.keys = keys;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
        this.entriesByKey = severalEntriesPerKey ? new HashMap<>() : null;
    }

    /** The key of the record or timer being processed. */
    final Object currentKey() {
        return keys.getCurrentKey();
    }

    /** The operator key an entry belongs to. */
    abstract Object keyOf(C cached);

    /** Writes a value to the state (null: deletes it); the entry's key is current. */
    abstract void store(C cached, V value) throws IOException;

    /** Reads the state behind a cache entry, when it is not cached; null if it holds nothing. */
    interface Load<C, V, E extends Exception> {
        V load(C cached) throws E;
    }

    /** The cached value, or the state's (then cached) on a miss. */
    final <E extends Exception> V read(C cached, Load<C, V, E> state) throws E, IOException {
        Entry<V> entry = entries.get(cached);
        if (entry != null) {
            return entry.value;
        }
        V value = state.load(cached);
        if (value != null) {
            cache(cached, value, false);
        }
        return value;
    }

    /** Caches a changed value, to be written back later. */
    final void change(C cached, V value) throws IOException {
        Entry<V> entry = entries.get(cached);
        if (entry != null) {
            entry.value = value;
            entry.dirty = true;
        } else {
            cache(cached, value, true);
        }
    }

    /** Makes a cached value a pending delete; false if it is not cached (the caller deletes it in the state). */
    final boolean deleteCached(C cached) {
        Entry<V> entry = entries.get(cached);
        if (entry == null) {
            return false;
        }
        entry.value = null;
        entry.dirty = true;
        return true;
    }

    /** Caches a value, evicting the least recently used entry if the cache is full. */
    private void cache(C cached, V value, boolean dirty) throws IOException {
        if (entries.size() >= capacity) {
            Iterator<Map.Entry<C, Entry<V>>> eldest = entries.entrySet().iterator();
            Map.Entry<C, Entry<V>> evicted = eldest.next();
            eldest.remove();
            unindex(evicted.getKey());
            if (evicted.getValue().dirty) {
                Object current = currentKey();
                write(evicted.getKey(), evicted.getValue().value);
                keys.setCurrentKey(current);
            }
        }
        entries.put(cached, new Entry<>(value, dirty));
        if (entriesByKey != null) {
            entriesByKey.computeIfAbsent(keyOf(cached), k -> new HashSet<>()).add(cached);
        }
    }

    /** Writes every changed entry back; the values stay cached, pending deletes do not. */
    final void writeBack() throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        Object current = currentKey();
        for (Iterator<Map.Entry<C, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<C, Entry<V>> e = it.next();
            Entry<V> entry = e.getValue();
            if (entry.dirty) {
                write(e.getKey(), entry.value);
                entry.dirty = false;
            }
            if (entry.value == null) {
                it.remove();
                unindex(e.getKey());
            }
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** Writes the current key's changed entries back and forgets all of its entries (several entries per key only). */
    final void writeBackAndForgetCurrentKey() throws IOException {
        for (C cached : cachedOfCurrentKey()) {
            Entry<V> entry = entries.remove(cached);
            if (entry.dirty) {
                store(cached, entry.value);
            }
        }
    }

    /** Forgets the current key's entries, changed or not (several entries per key only). */
    final void forgetCurrentKey() {
        for (C cached : cachedOfCurrentKey()) {
            entries.remove(cached);
        }
    }

    /** The current key's cached entries, taken out of the index (of several entries per key). */
    private Set<C> cachedOfCurrentKey() {
        Set<C> cached = entriesByKey.remove(currentKey());
        return cached == null ? Set.of() : cached;
    }

    private void unindex(C cached) {
        if (entriesByKey != null) {
            Object key = keyOf(cached);
            Set<C> ofKey = entriesByKey.get(key);
            if (ofKey != null && ofKey.remove(cached) && ofKey.isEmpty()) {
                entriesByKey.remove(key);
            }
        }
    }

    private void write(C cached, V value) throws IOException {
        keys.setCurrentKey(keyOf(cached));
        store(cached, value);
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
