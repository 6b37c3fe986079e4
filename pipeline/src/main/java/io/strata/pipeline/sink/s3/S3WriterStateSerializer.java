package io.strata.pipeline.sink.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Serializes {@link S3WriterState} into the writer's checkpointed state. */
public final class S3WriterStateSerializer implements SimpleVersionedSerializer<S3WriterState> {

    /** Version 1: the run id as UTF-8 bytes. */
    private static final int VERSION_1 = 1;

    @Override
    public int getVersion() {
        return VERSION_1;
    }

    @Override
    public byte[] serialize(S3WriterState state) {
        return state.runId().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public S3WriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown S3WriterState version " + version + "; this build reads " + VERSION_1);
        }
        return new S3WriterState(new String(serialized, StandardCharsets.UTF_8));
    }
}
