package io.strata.pipeline.record;

import java.util.function.BiPredicate;

/**
 * A fixed-size cache of per-series entries, two-way set-associative by series id: two series
 * whose ids share a set both stay cached (a direct-mapped table would have them evict each other
 * on every sample), and a third evicts the less recently used. What an entry must match is the
 * caller's, so a colliding id never returns another series' entry. Not thread-safe.
 *
 * @param <E> the cached entry
 */
public final class TwoWaySeriesCache<E> {

    private final Object[] ways;
    private final int setMask;

    /** @param sets a power of two; the cache holds twice as many entries */
    public TwoWaySeriesCache(int sets) {
        if (Integer.bitCount(sets) != 1) {
            throw new IllegalArgumentException("sets must be a power of two, got " + sets);
        }
        this.ways = new Object[2 * sets];
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
        if (recent != null && matches.test(recent, key)) {
            return recent;
        }
        E older = (E) ways[first + 1];
        if (older != null && matches.test(older, key)) {
            ways[first + 1] = recent;
            ways[first] = older;
            return older;
        }
        return null;
    }

    /** Caches {@code entry} for series {@code id}, evicting the less recently used of its set. */
    public void put(long id, E entry) {
        int first = first(id);
        ways[first + 1] = ways[first];
        ways[first] = entry;
    }

    private int first(long id) {
        return 2 * ((int) (id ^ (id >>> 32)) & setMask);
    }
}
