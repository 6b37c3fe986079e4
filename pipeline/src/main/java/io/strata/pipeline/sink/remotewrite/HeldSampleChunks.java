package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The samples {@link ReleaseInStepOperator} holds, as operator state: packed into byte chunks of
 * about {@link #CHUNK_BYTES} each, not stored one list element per sample.
 *
 * <p>Why: Flink restores operator list state from an unbuffered file stream, so a list of samples
 * costs several read calls per sample. A catch-up can hold hundreds of thousands of samples per
 * subtask, and restoring them one by one kept the task initializing for 10 to 90 s after a
 * TaskManager died; meanwhile the sources, blocked behind it, could outlast the idleness timeout
 * and let the watermark leap ahead. A chunk is read with one call and decoded in memory.
 *
 * <p>Layout of a chunk: format version (one byte, {@value #VERSION}), sample count, then the
 * samples in {@link io.strata.pipeline.record.SampleSerializer}'s layout.
 */
final class HeldSampleChunks {

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
                chunk.writeByte(VERSION);
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
            in.setBuffer(chunk);
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IOException("held samples in a format of version " + version + ", but this Strata reads version " + VERSION
                        + ": restore this savepoint with the Strata release that wrote it");
            }
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
        byte[] bytes = chunk.getCopyOfBuffer();
        // The count sits right after the version byte.
        bytes[1] = (byte) (count >>> 24);
        bytes[2] = (byte) (count >>> 16);
        bytes[3] = (byte) (count >>> 8);
        bytes[4] = (byte) count;
        chunk.clear();
        return bytes;
    }
}
