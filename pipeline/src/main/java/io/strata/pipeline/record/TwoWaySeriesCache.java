package io.strata.pipeline.record;

import java.util.function.BiPredicate;

/**
 * A fixed-size cache of per-series entries, two-way set-associative by series id: two series
 * whose ids share a set both stay cached (a direct-mapped table would have them evict each other
 * on every sample), and a third evicts the less recently used. Each way keeps its entry's id and a
 * tag beside it, so a probe reads one small array before it touches an entry: with thousands of
 * series each entry read is a cache miss. What an entry must match is the caller's (a predicate, or
 * the tag), so a colliding id never returns another series' entry. Not thread-safe.
 *
 * @param <E> the cached entry
 */
public final class TwoWaySeriesCache<E> {

    private final Object[] ways;
    /** Per set: id and tag of its recent way, then of its older way. */
    private final long[] keys;
    private final int setMask;

    /** @param sets a power of two; the cache holds twice as many entries */
    public TwoWaySeriesCache(int sets) {
        if (Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException("sets must be a power of two, got " + sets);
        }
        this.ways = new Object[2 * sets];
        this.keys = new long[4 * sets];
        this.setMask = sets - 1;
    }

    /**
     * The entry of series {@code id} for which {@code matches.test(entry, key)}, or {@code null};
     * a hit becomes the most recently used of its set. Pass a non-capturing {@code matches} (a
     * static method) so that a lookup allocates nothing.
     */
    @SuppressWarnings("unchecked")
    public <K> E find(long id, K key, BiPredicate<E, K> matches) {
        int first = first(id);
        E recent = (E) ways[first];
        if (recent != null && keys[2 * first] == id && matches.test(recent, key)) {
            return recent;
        }
        E older = (E) ways[first + 1];
        if (older != null && keys[2 * first + 2] == id && matches.test(older, key)) {
            promoteOlder(first);
            return older;
        }
        return null;
    }

    /**
     * The entry put for series {@code id} with {@code tag}, or {@code null}; a hit becomes the most
     * recently used of its set. The tag is all that is compared: make it a hash of everything that
     * tells two series of one id apart, one a producer cannot aim at.
     */
    @SuppressWarnings("unchecked")
    public E find(long id, long tag) {
        int first = first(id);
        int key = 2 * first;
        if (keys[key] == id && keys[key + 1] == tag && ways[first] != null) {
            return (E) ways[first];
        }
        if (keys[key + 2] == id && keys[key + 3] == tag && ways[first + 1] != null) {
            promoteOlder(first);
            return (E) ways[first];
        }
        return null;
    }

    /** Caches {@code entry} for series {@code id}, evicting the less recently used of its set. */
    public void put(long id, E entry) {
        put(id, 0, entry);
    }

    /** Caches {@code entry} for series {@code id} under {@code tag} ({@link #find(long, long)}). */
    public void put(long id, long tag, E entry) {
        int first = first(id);
        int key = 2 * first;
        ways[first + 1] = ways[first];
        keys[key + 2] = keys[key];
        keys[key + 3] = keys[key + 1];
        ways[first] = entry;
        keys[key] = id;
        keys[key + 1] = tag;
    }

    private void promoteOlder(int first) {
        int key = 2 * first;
        Object older = ways[first + 1];
        ways[first + 1] = ways[first];
        ways[first] = older;
        long id = keys[key + 2];
        long tag = keys[key + 3];
        keys[key + 2] = keys[key];
        keys[key + 3] = keys[key + 1];
        keys[key] = id;
        keys[key + 1] = tag;
    }

    private int first(long id) {
        return 2 * ((int) (id ^ (id >>> 32)) & setMask);
    }
}
