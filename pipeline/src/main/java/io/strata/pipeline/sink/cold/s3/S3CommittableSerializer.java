package io.strata.pipeline.sink.cold.s3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Serializes {@link S3Committable}s into the committer's checkpointed state. */
public final class S3CommittableSerializer implements SimpleVersionedSerializer<S3Committable> {

    /** Version 1: bucket, key, upload id (UTF), size (long), part count (int), part ETags (UTF each). */
    private static final int VERSION_1 = 1;
    private static final int CURRENT_VERSION = VERSION_1;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(S3Committable c) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(c.bucket());
        out.writeUTF(c.key());
        out.writeUTF(c.uploadId());
        out.writeLong(c.sizeBytes());
        out.writeInt(c.partETags().size());
        for (String eTag : c.partETags()) {
            out.writeUTF(eTag);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public S3Committable deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION_1) {
            throw new IOException("unknown S3Committable version " + version + "; this build reads " + VERSION_1);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String bucket = in.readUTF();
        String key = in.readUTF();
        String uploadId = in.readUTF();
        long size = in.readLong();
        int parts = in.readInt();
        List<String> eTags = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            eTags.add(in.readUTF());
        }
        return new S3Committable(bucket, key, uploadId, size, eTags);
    }
}
