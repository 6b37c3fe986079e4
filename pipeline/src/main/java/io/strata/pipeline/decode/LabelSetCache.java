package io.strata.pipeline.decode;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Arrays;

/**
 * Remembers the label sets of recent series by their wire bytes, so a series that arrives again
 * (every scrape of a host sends the same ones) costs a hash and a byte comparison: no string,
 * no array and no validation. Direct-mapped and bounded; a collision simply replaces the entry.
 * Not thread-safe: one per decoding thread.
 */
final class LabelSetCache {

    /** The separator after each name and value in a key: never a byte of valid UTF-8. */
    static final byte SEPARATOR = (byte) 0xFF;

    private final LabelSet[] entries;
    private final int mask;
    private final HashStream64 hash = Hashing.xxh3_64().hashStream();

    LabelSetCache(int capacityPowerOfTwo) {
        this.entries = new LabelSet[capacityPowerOfTwo];
        this.mask = capacityPowerOfTwo - 1;
    }

    /** The hash of the labels at these positions of {@code buf}, in wire order. */
    long hash(byte[] buf, int[] nameOff, int[] nameLen, int[] valueOff, int[] valueLen, int labels) {
        hash.reset();
        for (int i = 0; i < labels; i++) {
            hash.putBytes(buf, nameOff[i], nameLen[i]).putByte(SEPARATOR).putBytes(buf, valueOff[i], valueLen[i]).putByte(SEPARATOR);
        }
        return hash.getAsLong();
    }

    /** The cached set with exactly these label bytes, or {@code null}. */
    LabelSet get(long hash, byte[] buf, int[] nameOff, int[] nameLen, int[] valueOff, int[] valueLen, int labels) {
        LabelSet entry = entries[(int) hash & mask];
        if (entry == null) {
            return null;
        }
        byte[] wire = entry.wire();
        int at = 0;
        for (int i = 0; i < labels; i++) {
            if (!matches(wire, at, buf, nameOff[i], nameLen[i])) {
                return null;
            }
            at += nameLen[i] + 1;
            if (!matches(wire, at, buf, valueOff[i], valueLen[i])) {
                return null;
            }
            at += valueLen[i] + 1;
        }
        return at == wire.length ? entry : null;
    }

    void put(long hash, LabelSet set) {
        entries[(int) hash & mask] = set;
    }

    /** The key bytes of the labels at these positions, as {@link #get} compares them. */
    static byte[] wireKey(byte[] buf, int[] nameOff, int[] nameLen, int[] valueOff, int[] valueLen, int labels) {
        int size = 0;
        for (int i = 0; i < labels; i++) {
            size += nameLen[i] + valueLen[i] + 2;
        }
        byte[] key = new byte[size];
        int at = 0;
        for (int i = 0; i < labels; i++) {
            System.arraycopy(buf, nameOff[i], key, at, nameLen[i]);
            at += nameLen[i];
            key[at++] = SEPARATOR;
            System.arraycopy(buf, valueOff[i], key, at, valueLen[i]);
            at += valueLen[i];
            key[at++] = SEPARATOR;
        }
        return key;
    }

    private static boolean matches(byte[] wire, int at, byte[] buf, int off, int len) {
        return at + len < wire.length
                && wire[at + len] == SEPARATOR
                && Arrays.equals(wire, at, at + len, buf, off, off + len);
    }
}
