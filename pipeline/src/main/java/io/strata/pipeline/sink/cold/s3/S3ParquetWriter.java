package io.strata.pipeline.sink.cold.s3;

import io.strata.pipeline.sink.cold.file.TimePartitionBucketAssigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes rows into one local Parquet staging file per hour partition, rolls a file when it
 * reaches the size limit, and at each checkpoint closes every file and uploads it to its final
 * key as an open multipart upload (the committable). Not thread-safe: Flink calls it from the task
 * thread only.
 */
final class S3ParquetWriter implements CommittingSinkWriter<GenericRecord, S3Committable>, StatefulSinkWriter<GenericRecord, S3WriterState> {

    private static final Logger LOG = LoggerFactory.getLogger(S3ParquetWriter.class);

    private final S3ParquetSink sink;
    private final S3Client s3;
    private final S3MultipartUploads uploads;
    private final TimePartitionBucketAssigner partitions;
    private final BulkWriter.Factory<GenericRecord> parquet;
    private final Path staging;
    private final String runId;
    private final int subtask;
    private final Map<String, StagingFile> open = new LinkedHashMap<>();
    private final List<StagingFile> closed = new ArrayList<>();
    private long lastCheckpointId;
    private int fileIndex;
    private long stagingSequence;

    /**
     * @param restoredCheckpointId the checkpoint the job restored from, 0 for a fresh start
     * @param restored the writer states this subtask restored: its own before a region failover,
     *     any share of all of them after a rescale
     */
    S3ParquetWriter(S3ParquetSink sink, String jobId, int subtask, int parallelism, long restoredCheckpointId,
            Collection<S3WriterState> restored) throws IOException {
        this.sink = sink;
        this.subtask = subtask;
        this.lastCheckpointId = restoredCheckpointId;
        this.runId = PartFileName.runId(jobId, restoredCheckpointId, parallelism);
        this.partitions = sink.partitions();
        this.parquet = sink.parquetWriters();
        // The job's other S3 sinks share the run id and subtask: the dataset keeps their files apart.
        this.staging = Files.createDirectories(sink.stagingDirectory().resolve(runId + "-" + subtask + "-" + sink.datasetName()));
        this.s3 = sink.client().newClient();
        this.uploads = new S3MultipartUploads(s3, sink.client().sseKmsKeyId());
        abortOrphans(restoredCheckpointId, new HashSet<>(restored));
    }

    /**
     * Aborts the uploads that no completed checkpoint holds: those of this run id and subtask (an
     * earlier attempt restoring the same checkpoint), and those of a restored writer named after
     * the restored checkpoint. Uploads named up to the restored checkpoint belong to it: its
     * committer completes them. Only restored writers are looked at: after a region failover the
     * other subtasks keep running, and their uploads are theirs.
     */
    private void abortOrphans(long restoredCheckpointId, Set<S3WriterState> restored) {
        List<String> aborted = uploads.abortWhere(sink.location().bucket(), sink.keyPrefix(), key -> {
            PartFileName name = PartFileName.parseKey(key);
            if (name == null) {
                return false;
            }
            boolean earlierAttempt = name.runId().equals(runId) && name.subtask() == subtask;
            boolean afterRestoredCheckpoint = restored.contains(new S3WriterState(name.runId(), name.subtask()))
                    && name.checkpointId() > restoredCheckpointId;
            return earlierAttempt || afterRestoredCheckpoint;
        });
        if (!aborted.isEmpty()) {
            LOG.info("subtask {} aborted {} multipart uploads that no completed checkpoint holds: {}", subtask, aborted.size(), aborted);
        }
    }

    @Override
    public void write(GenericRecord row, Context context) throws IOException {
        String partition = partitions.getBucketId(row, null);
        StagingFile file = open.get(partition);
        if (file == null) {
            file = new StagingFile(partition, staging.resolve("staging-" + stagingSequence++ + ".parquet"));
            open.put(partition, file);
        }
        file.writer.addElement(row);
        if (file.out.getPos() >= sink.maxFileBytes()) {
            file.close();
            open.remove(partition);
            closed.add(file);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // Files are closed and uploaded in prepareCommit, which follows every flush.
    }

    @Override
    public Collection<S3Committable> prepareCommit() throws IOException {
        for (StagingFile file : open.values()) {
            file.close();
            closed.add(file);
        }
        open.clear();
        long checkpointId = lastCheckpointId + 1;
        List<S3Committable> committables = new ArrayList<>(closed.size());
        for (StagingFile file : closed) {
            String key = sink.location().prefix() + file.partition + "/" + new PartFileName(runId, subtask, checkpointId, fileIndex++);
            committables.add(uploads.upload(file.path, sink.location().bucket(), key, sink.partSizeBytes()));
            Files.delete(file.path);
        }
        closed.clear();
        return committables;
    }

    @Override
    public List<S3WriterState> snapshotState(long checkpointId) {
        lastCheckpointId = checkpointId;
        fileIndex = 0;
        return List.of(new S3WriterState(runId, subtask));
    }

    @Override
    public void close() throws IOException {
        try {
            for (StagingFile file : open.values()) {
                file.out.close();
            }
            try (var files = Files.list(staging)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(staging);
        } finally {
            s3.close();
        }
    }

    /** A local Parquet file being written for one hour partition. */
    private final class StagingFile {
        final String partition;
        final Path path;
        final FSDataOutputStream out;
        final BulkWriter<GenericRecord> writer;

        StagingFile(String partition, Path path) {
            this.partition = partition;
            this.path = path;
            try {
                this.out = FileSystem.getLocalFileSystem().create(
                        new org.apache.flink.core.fs.Path(path.toUri()), FileSystem.WriteMode.OVERWRITE);
                this.writer = parquet.create(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the staging file " + path, e);
            }
        }

        void close() throws IOException {
            writer.finish();
            out.close();
        }
    }
}
