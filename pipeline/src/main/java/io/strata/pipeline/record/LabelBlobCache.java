package io.strata.pipeline.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * The labels of recently seen series in their wire form (tenant, names and values as one blob),
 * so that {@link SampleSerializer} encodes a series' labels once and decodes them once rather than
 * string by string for every sample. Direct-mapped by series id: a slot holds the last series that
 * hashed there, and a series that lost its slot is simply encoded or decoded again.
 *
 * <p>A write hit needs the tenant and labels the slot was filled from; a read hit needs
 * the blob on the wire to equal the slot's byte for byte, so a series id shared by two label sets
 * never mixes them up. Not thread-safe: one per serializer instance.
 */
final class LabelBlobCache {

    private static final int SLOTS = 1 << 14;

    /** One series' tenant and labels, and their blob. */
    record Entry(long seriesId, String tenant, String[] names, String[] values, byte[] blob) {}

    private final Entry[] written = new Entry[SLOTS];
    private final Entry[] read = new Entry[SLOTS];
    private byte[] scratch = new byte[256];

    /** The blob of {@code sample}'s tenant and labels. */
    byte[] blobOf(Sample sample) {
        int slot = slot(sample.seriesId());
        Entry entry = written[slot];
        if (entry == null || !entry.tenant.equals(sample.tenant()) || !sameLabels(entry, sample)) {
            entry = new Entry(sample.seriesId(), sample.tenant(), sample.labelNames(), sample.labelValues(),
                    encode(sample.tenant(), sample.labelNames(), sample.labelValues()));
            written[slot] = entry;
        }
        return entry.blob;
    }

    /** The very arrays the slot was filled from, or (operators that rebuild labels per sample) equal ones. */
    private static boolean sameLabels(Entry entry, Sample sample) {
        return (entry.names == sample.labelNames() && entry.values == sample.labelValues())
                || (Arrays.equals(entry.names, sample.labelNames()) && Arrays.equals(entry.values, sample.labelValues()));
    }

    /** Reads a blob of {@code length} bytes of series {@code seriesId} from {@code in}; a repeated one is not decoded again. */
    Entry read(long seriesId, int length, DataInputView in) throws IOException {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.readFully(scratch, 0, length);
        int slot = slot(seriesId);
        Entry entry = read[slot];
        if (entry == null || entry.seriesId != seriesId || !Arrays.equals(entry.blob, 0, entry.blob.length, scratch, 0, length)) {
            entry = decode(seriesId, Arrays.copyOf(scratch, length));
            read[slot] = entry;
        }
        return entry;
    }

    private static int slot(long seriesId) {
        return (int) (seriesId ^ (seriesId >>> 32)) & (SLOTS - 1);
    }

    /** Tenant, label count, then names and values: each a varint byte length and UTF-8. */
    static byte[] encode(String tenant, String[] names, String[] values) {
        byte[][] parts = new byte[1 + 2 * names.length][];
        parts[0] = tenant.getBytes(StandardCharsets.UTF_8);
        int size = varintSize(names.length) + varintSize(parts[0].length) + parts[0].length;
        for (int i = 0; i < names.length; i++) {
            parts[1 + 2 * i] = names[i].getBytes(StandardCharsets.UTF_8);
            parts[2 + 2 * i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += varintSize(parts[1 + 2 * i].length) + parts[1 + 2 * i].length
                    + varintSize(parts[2 + 2 * i].length) + parts[2 + 2 * i].length;
        }
        byte[] blob = new byte[size];
        int at = putVarint(blob, 0, parts[0].length);
        System.arraycopy(parts[0], 0, blob, at, parts[0].length);
        at = putVarint(blob, at + parts[0].length, names.length);
        for (int i = 1; i < parts.length; i++) {
            at = putVarint(blob, at, parts[i].length);
            System.arraycopy(parts[i], 0, blob, at, parts[i].length);
            at += parts[i].length;
        }
        return blob;
    }

    static Entry decode(long seriesId, byte[] blob) throws IOException {
        int[] at = {0};
        String tenant = string(blob, at);
        int count = varint(blob, at);
        String[] names = new String[count];
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = string(blob, at);
            values[i] = string(blob, at);
        }
        if (at[0] != blob.length) {
            throw new IOException("label blob of series " + seriesId + " has " + (blob.length - at[0]) + " bytes left over");
        }
        return new Entry(seriesId, tenant, names, values, blob);
    }

    private static String string(byte[] blob, int[] at) throws IOException {
        int length = varint(blob, at);
        if (length > blob.length - at[0]) {
            throw new IOException("label blob truncated: a string of " + length + " bytes at " + at[0] + " of " + blob.length);
        }
        String s = new String(blob, at[0], length, StandardCharsets.UTF_8);
        at[0] += length;
        return s;
    }

    private static int varint(byte[] blob, int[] at) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (at[0] >= blob.length) {
                throw new IOException("label blob truncated in a length at " + at[0]);
            }
            byte b = blob[at[0]++];
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("label blob has a length longer than 5 bytes");
    }

    private static int putVarint(byte[] blob, int at, int value) {
        while ((value & ~0x7f) != 0) {
            blob[at++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        blob[at++] = (byte) value;
        return at;
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7f) != 0) {
            size++;
            value >>>= 7;
        }
        return size;
    }
}
