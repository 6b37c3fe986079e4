package io.strata.pipeline.state.cache;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * The cached entries of one state ({@link KeyedStateCache}): at most {@code capacity}, the least
 * recently used one written back to the state when room is needed, every changed one on {@link
 * #writeBack()}. A cached null value is a pending delete.
 *
 * @param <C> what an entry is cached under: the key, or the key and a map key
 * @param <V> the value
 */
abstract class WriteBackEntries<C, V> {

    private final KeyContext keys;
    private final int capacity;
    private final LinkedHashMap<C, Entry<V>> entries;

    WriteBackEntries(KeyContext keys, int capacity) {
        this.keys = keys;
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
    }

    /** The key of the record or timer being processed. */
    final Object currentKey() {
        return keys.getCurrentKey();
    }

    /** The operator key an entry belongs to. */
    abstract Object keyOf(C cached);

    /** Writes a value to the state (null: deletes it); the entry's key is current. */
    abstract void store(C cached, V value) throws IOException;

    /** The cached entry, or null if there is none. */
    final Entry<V> entry(C cached) {
        return entries.get(cached);
    }

    /** Caches a value, evicting the least recently used entry if the cache is full. */
    final void cache(C cached, V value, boolean dirty) throws IOException {
        if (entries.size() >= capacity) {
            Iterator<Map.Entry<C, Entry<V>>> eldest = entries.entrySet().iterator();
            Map.Entry<C, Entry<V>> evicted = eldest.next();
            eldest.remove();
            if (evicted.getValue().dirty) {
                Object current = currentKey();
                write(evicted.getKey(), evicted.getValue().value);
                keys.setCurrentKey(current);
            }
        }
        entries.put(cached, new Entry<>(value, dirty));
    }

    /** Writes every changed entry back; the values stay cached, pending deletes do not. */
    final void writeBack() throws IOException {
        sweep(cached -> true, true, false);
    }

    /** Writes the changed entries that {@code which} matches back and forgets them. */
    final void writeBackAndForget(Predicate<C> which) throws IOException {
        sweep(which, true, true);
    }

    /** Forgets the entries that {@code which} matches, changed or not. */
    final void forget(Predicate<C> which) throws IOException {
        sweep(which, false, true);
    }

    private void sweep(Predicate<C> which, boolean write, boolean forget) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        Object current = currentKey();
        for (Iterator<Map.Entry<C, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<C, Entry<V>> e = it.next();
            if (!which.test(e.getKey())) {
                continue;
            }
            Entry<V> entry = e.getValue();
            if (write && entry.dirty) {
                write(e.getKey(), entry.value);
                entry.dirty = false;
            }
            if (forget || entry.value == null) {
                it.remove();
            }
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    private void write(C cached, V value) throws IOException {
        keys.setCurrentKey(keyOf(cached));
        store(cached, value);
    }

    static final class Entry<V> {
        V value;
        boolean dirty;

        Entry(V value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }

        void set(V value) {
            this.value = value;
            this.dirty = true;
        }
    }
}
