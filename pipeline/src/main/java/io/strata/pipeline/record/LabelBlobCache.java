package io.strata.pipeline.record;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
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

    /** Tenant, label count, then names and values, in protobuf's wire encoding (varint lengths, UTF-8). */
    static byte[] encode(String tenant, String[] names, String[] values) {
        int size = CodedOutputStream.computeStringSizeNoTag(tenant) + CodedOutputStream.computeUInt32SizeNoTag(names.length);
        for (int i = 0; i < names.length; i++) {
            size += CodedOutputStream.computeStringSizeNoTag(names[i]) + CodedOutputStream.computeStringSizeNoTag(values[i]);
        }
        byte[] blob = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(blob);
        try {
            out.writeStringNoTag(tenant);
            out.writeUInt32NoTag(names.length);
            for (int i = 0; i < names.length; i++) {
                out.writeStringNoTag(names[i]);
                out.writeStringNoTag(values[i]);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("label blob sized " + size + " bytes did not fit its labels", e);
        }
        return blob;
    }

    static Entry decode(long seriesId, byte[] blob) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(blob);
        try {
            String tenant = in.readString();
            int count = in.readUInt32();
            String[] names = new String[count];
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                names[i] = in.readString();
                values[i] = in.readString();
            }
            if (!in.isAtEnd()) {
                throw new IOException(blob.length - in.getTotalBytesRead() + " bytes left over");
            }
            return new Entry(seriesId, tenant, names, values, blob);
        } catch (IOException e) {
            throw new IOException("label blob of series " + seriesId + " is malformed: " + e.getMessage(), e);
        }
    }
}
