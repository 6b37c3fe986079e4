package io.strata.pipeline.sink.cold.s3;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link S3WriterState} into the writer's checkpointed state. */
public final class S3WriterStateSerializer implements SimpleVersionedSerializer<S3WriterState> {

    /** Version 1: the run id (UTF), the subtask (int). */
    private static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(S3WriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeUTF(state.runId());
        out.writeInt(state.subtask());
        return out.getCopyOfBuffer();
    }

    @Override
    public S3WriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown S3WriterState version " + version + "; this build reads " + VERSION_1);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new S3WriterState(in.readUTF(), in.readInt());
    }
}
