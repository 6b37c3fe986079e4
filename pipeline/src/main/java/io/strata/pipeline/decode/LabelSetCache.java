package io.strata.pipeline.decode;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Arrays;

/**
 * Remembers the label sets of recent series by the raw bytes of their label fields, so a series
 * that arrives again (every scrape of a host sends the same ones) costs a hash and a byte
 * comparison: no string, no array and no validation. An open-addressing table at most half full;
 * when it holds its maximum it is emptied and refills with the series that keep coming, which
 * bounds its memory whatever producers send. Not thread-safe: one per decoding thread.
 */
final class LabelSetCache {

    private static final Hasher64 HASHER = Hashing.xxh3_64();

    private final LabelSet[] entries;
    private final long[] hashes;
    private final int mask;
    private final int maxEntries;
    private int size;

    /** @param maxEntries the most label sets kept; the table has at least twice as many slots */
    LabelSetCache(int maxEntries) {
        int slots = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
        this.entries = new LabelSet[slots];
        this.hashes = new long[slots];
        this.mask = slots - 1;
        this.maxEntries = maxEntries;
    }

    static long hash(byte[] key, int length) {
        return HASHER.hashBytesToLong(key, 0, length);
    }

    /** The cached set whose label fields were exactly {@code key[0, length)}, or {@code null}. */
    LabelSet get(long hash, byte[] key, int length) {
        for (int slot = (int) hash & mask; entries[slot] != null; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash && Arrays.equals(entries[slot].wire(), 0, entries[slot].wire().length, key, 0, length)) {
                return entries[slot];
            }
        }
        return null;
    }

    /** Adds a label set that {@link #get} did not find. */
    void put(long hash, LabelSet set) {
        if (size == maxEntries) {
            Arrays.fill(entries, null);
            size = 0;
        }
        int slot = (int) hash & mask;
        while (entries[slot] != null) {
            slot = (slot + 1) & mask;
        }
        entries[slot] = set;
        hashes[slot] = hash;
        size++;
    }
}
