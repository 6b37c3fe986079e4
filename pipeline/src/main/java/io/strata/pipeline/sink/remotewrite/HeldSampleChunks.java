package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.xerial.snappy.Snappy;

/**
 * The samples {@link ReleaseInStepOperator} holds, as operator state: packed into byte chunks of
 * about {@link #CHUNK_BYTES} each, not stored one list element per sample.
 *
 * <p>Why: Flink 1.20 restores operator list state from a file stream without buffering whose
 * bulk read falls back to one read call per byte. A catch-up can hold hundreds of thousands of
 * samples per subtask, and restoring them as list elements kept the task initializing for 10 to
 * 90 s after a TaskManager died; meanwhile the sources, blocked behind it, could outlast the
 * idleness timeout and let the watermark leap ahead. So the chunks are also snappy-compressed:
 * the samples of a series repeat its label blob, and every byte saved is a read call saved.
 *
 * <p>Layout of a chunk: format version (one byte, {@value #VERSION}), then snappy of: sample
 * count, the samples in {@link io.strata.pipeline.record.SampleSerializer}'s layout.
 */
final class HeldSampleChunks {

    /** Uncompressed bytes per chunk, at least. */
    static final int CHUNK_BYTES = 1 << 20;
    static final byte VERSION = 1;

    private HeldSampleChunks() {}

    /** Packs {@code samples} into chunks; none if there are none. */
    static List<byte[]> pack(Iterable<Sample> samples, TypeSerializer<Sample> serializer) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        DataOutputSerializer chunk = new DataOutputSerializer(64 * 1024);
        int count = 0;
        for (Sample sample : samples) {
            if (count == 0) {
                chunk.writeInt(0);
            }
            serializer.serialize(sample, chunk);
            count++;
            if (chunk.length() >= CHUNK_BYTES) {
                chunks.add(seal(chunk, count));
                count = 0;
            }
        }
        if (count > 0) {
            chunks.add(seal(chunk, count));
        }
        return chunks;
    }

    /** Hands {@code restored} every sample of {@code chunks}. */
    static void unpack(Iterable<byte[]> chunks, TypeSerializer<Sample> serializer, Consumer<Sample> restored) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer();
        for (byte[] chunk : chunks) {
            byte version = chunk.length == 0 ? -1 : chunk[0];
            if (version != VERSION) {
                throw new IOException("held samples in a format of version " + version + ", but this Strata reads version " + VERSION
                        + ": restore this savepoint with the Strata release that wrote it");
            }
            in.setBuffer(Snappy.uncompress(Arrays.copyOfRange(chunk, 1, chunk.length)));
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                restored.accept(serializer.deserialize(in));
            }
            if (in.available() != 0) {
                throw new IOException("a chunk of held samples has " + in.available() + " bytes after its " + count + " samples");
            }
        }
    }

    private static byte[] seal(DataOutputSerializer chunk, int count) throws IOException {
        byte[] plain = chunk.getSharedBuffer();
        // The count leads the chunk, written as 0 before the samples were counted.
        plain[0] = (byte) (count >>> 24);
        plain[1] = (byte) (count >>> 16);
        plain[2] = (byte) (count >>> 8);
        plain[3] = (byte) count;
        byte[] compressed = new byte[1 + Snappy.maxCompressedLength(chunk.length())];
        compressed[0] = VERSION;
        int length = Snappy.compress(plain, 0, chunk.length(), compressed, 1);
        chunk.clear();
        return Arrays.copyOf(compressed, 1 + length);
    }
}
