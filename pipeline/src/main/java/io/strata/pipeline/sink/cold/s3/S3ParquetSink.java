package io.strata.pipeline.sink.cold.s3;

import io.strata.pipeline.sink.cold.ColdDataset;
import io.strata.pipeline.sink.cold.file.ParquetDatasetSink;
import io.strata.pipeline.sink.cold.file.TimePartitionBucketAssigner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes one cold dataset as Parquet to {@code s3://bucket/prefix} in the layout of docs/CONTRACT.md,
 * exactly once, through AWS SDK v2 in two phases: before a checkpoint completes each writer
 * uploads its files to their final keys as multipart uploads left open (invisible); after it
 * completes the committer completes them (visible). Uploads that no completed checkpoint holds are
 * aborted when the job restores. Build it with {@link #builder()}.
 */
public final class S3ParquetSink implements Sink<GenericRecord>, SupportsCommitter<S3Committable>,
        SupportsWriterState<GenericRecord, S3WriterState> {

    private static final long serialVersionUID = 1L;

    private final S3ClientSettings client;
    private final S3Location location;
    private final String folder;
    private final ColdDataset dataset;
    private final CompressionCodecName codec;
    private final long partSizeBytes;
    private final long maxFileBytes;
    private final String stagingDirectory;

    S3ParquetSink(S3ClientSettings client, S3Location location, String folder, ColdDataset dataset,
            CompressionCodecName codec, long partSizeBytes, long maxFileBytes, String stagingDirectory) {
        this.client = client;
        this.location = location;
        this.folder = folder;
        this.dataset = dataset;
        this.codec = codec;
        this.partSizeBytes = partSizeBytes;
        this.maxFileBytes = maxFileBytes;
        this.stagingDirectory = stagingDirectory;
    }

    public static S3ParquetSinkBuilder builder() {
        return new S3ParquetSinkBuilder();
    }

    /** Not called by Flink 1.20, which creates writers with {@link #createWriter(WriterInitContext)}. */
    @Override
    @Deprecated
    public StatefulSinkWriter<GenericRecord, S3WriterState> createWriter(InitContext context) {
        throw new UnsupportedOperationException("S3ParquetSink needs Flink 1.19 or later (Sink.createWriter(WriterInitContext))");
    }

    @Override
    public StatefulSinkWriter<GenericRecord, S3WriterState> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<GenericRecord, S3WriterState> restoreWriter(WriterInitContext context,
            Collection<S3WriterState> states) throws IOException {
        return new S3ParquetWriter(this, context.getJobInfo().getJobId().toHexString(),
                context.getTaskInfo().getIndexOfThisSubtask(), context.getTaskInfo().getNumberOfParallelSubtasks(),
                context.getRestoredCheckpointId().orElse(0), states);
    }

    @Override
    public Committer<S3Committable> createCommitter(CommitterInitContext context) {
        return new S3Committer(client);
    }

    @Override
    public SimpleVersionedSerializer<S3Committable> getCommittableSerializer() {
        return new S3CommittableSerializer();
    }

    @Override
    public SimpleVersionedSerializer<S3WriterState> getWriterStateSerializer() {
        return new S3WriterStateSerializer();
    }

    S3ClientSettings client() {
        return client;
    }

    S3Location location() {
        return location;
    }

    String folder() {
        return folder;
    }

    /** Every key this sink writes starts with it, e.g. {@code strata/resolution=}. */
    String keyPrefix() {
        return location.prefix() + folder;
    }

    String datasetName() {
        return dataset.name().toLowerCase(java.util.Locale.ROOT);
    }

    long partSizeBytes() {
        return partSizeBytes;
    }

    long maxFileBytes() {
        return maxFileBytes;
    }

    Path stagingDirectory() {
        return Path.of(stagingDirectory);
    }

    TimePartitionBucketAssigner partitions() {
        return TimePartitionBucketAssigner.of(folder, dataset);
    }

    BulkWriter.Factory<GenericRecord> parquetWriters() {
        // Parquet buffers a row group in memory before it reaches the file: a smaller row group lets
        // a file roll near maxFileBytes instead of at the 128 MiB default.
        return ParquetDatasetSink.writers(dataset, codec, Math.min(maxFileBytes, ParquetWriter.DEFAULT_BLOCK_SIZE));
    }

    @Override
    public String toString() {
        return "S3ParquetSink[" + location + folder + ", " + dataset + ", " + codec + ", part " + partSizeBytes
                + " B, file " + maxFileBytes + " B, staging " + stagingDirectory + ", " + client + "]";
    }
}
