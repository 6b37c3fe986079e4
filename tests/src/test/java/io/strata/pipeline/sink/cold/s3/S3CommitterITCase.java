package io.strata.pipeline.sink.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.pipeline.sink.cold.ColdDataset;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.S3Objects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 sink's writer and committer driven directly against S3Mock 5.2.0: files stay invisible
 * until committed, a commit repeated (as after a failure) succeeds without a second object, and a
 * restore aborts exactly the uploads no completed checkpoint holds.
 */
class S3CommitterITCase {

    private static final String JOB = "00000000000000000000000000000001";
    private static final long HOUR_10 = 1_795_687_200_000L; // 2026-11-26T10:00:00Z

    @TempDir
    Path dir;

    private S3Objects s3;
    private String prefix;

    @BeforeEach
    void setUp() {
        s3 = new S3Objects(Components.s3Endpoint());
        prefix = "committer-" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    @Test
    void commit_Twice_bothSucceed_oneObject() throws Exception {
        S3ParquetSink sink = sink(S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES);
        List<S3Committable> committables;
        try (S3ParquetWriter writer = writer(sink, 0, List.of())) {
            write(writer, 0, 100);
            committables = new ArrayList<>(writer.prepareCommit());
        }
        assertThat(committables).hasSize(1);
        assertThat(s3.keys(Components.S3_BUCKET, prefix)).as("invisible before the commit").isEmpty();
        assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).containsExactly(committables.get(0).key());

        try (S3Committer committer = new S3Committer(sink.client())) {
            assertThat(commit(committer, committables.get(0))).isEqualTo(Outcome.COMMITTED);
        }
        // A restored committer gets the same committable again; S3 (and S3Mock) complete a
        // completed upload again without a second object.
        try (S3Committer committer = new S3Committer(sink.client())) {
            assertThat(commit(committer, committables.get(0))).isIn(Outcome.COMMITTED, Outcome.ALREADY_COMMITTED);
        }

        assertThat(s3.keys(Components.S3_BUCKET, prefix)).containsExactly(committables.get(0).key());
        assertThat(committables.get(0).key()).matches(prefix + "late/dt=2026-11-26/hour=10/part-[0-9a-f]{12}-0-1-0\\.parquet");
        assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).isEmpty();
        assertThat(seriesIds()).hasSize(100).containsExactlyInAnyOrderElementsOf(range(0, 100));
    }

    @Test
    void commit_uploadGoneButObjectThere_countsAsAlreadyCommitted() throws Exception {
        S3ParquetSink sink = sink(S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES);
        S3Committable committable;
        try (S3ParquetWriter writer = writer(sink, 0, List.of())) {
            write(writer, 0, 10);
            committable = writer.prepareCommit().iterator().next();
        }
        // The object is there (as if a first commit had completed the upload), the upload is not.
        s3.client().abortMultipartUpload(b -> b.bucket(committable.bucket()).key(committable.key()).uploadId(committable.uploadId()));
        s3.client().putObject(b -> b.bucket(committable.bucket()).key(committable.key()),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[(int) committable.sizeBytes()]));
        try (S3Committer committer = new S3Committer(sink.client())) {
            assertThat(commit(committer, committable)).isEqualTo(Outcome.ALREADY_COMMITTED);
        }
        assertThat(s3.keys(Components.S3_BUCKET, prefix)).containsExactly(committable.key());
        assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).isEmpty();
    }

    @Test
    void upload_withSseKmsKey_sendsTheKey_unknownKeyRefused() throws Exception {
        // S3Mock checks the key of an SSE-KMS request against the keys scripts/s3-start declares
        // (it does not report the encryption back on HeadObject), so a known key commits and an
        // unknown one is refused: the key reaches the store.
        S3ParquetSink known = kmsSink("strata-it");
        S3Committable committable;
        try (S3ParquetWriter writer = writer(known, 0, List.of())) {
            write(writer, 0, 10);
            committable = writer.prepareCommit().iterator().next();
        }
        try (S3Committer committer = new S3Committer(known.client())) {
            assertThat(commit(committer, committable)).isEqualTo(Outcome.COMMITTED);
        }
        assertThat(seriesIds()).containsExactlyInAnyOrderElementsOf(range(0, 10));

        try (S3ParquetWriter writer = writer(kmsSink("no-such-key"), 1, List.of())) {
            write(writer, 10, 20);
            assertThatThrownBy(writer::prepareCommit).isInstanceOf(S3Exception.class).hasMessageContaining("no-such-key");
        }
    }

    private S3ParquetSink kmsSink(String keyId) {
        S3ClientSettings base = S3Objects.clientSettings(Components.s3Endpoint());
        return S3ParquetSink.builder()
                .setClient(new S3ClientSettings(base.endpoint(), true, base.region(), base.accessKeyId(), base.secretAccessKey(), keyId))
                .setBasePath("s3://" + Components.S3_BUCKET + "/" + prefix)
                .setDataset(ColdDataset.LATE, "late")
                .setStagingDirectory(dir.resolve("staging").toString())
                .build();
    }

    @Test
    void commit_largeFile_uploadsSeveralParts() throws Exception {
        S3ParquetSink sink = sink(S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES);
        S3Committable committable;
        try (S3ParquetWriter writer = writer(sink, 0, List.of())) {
            // Random 2 KiB metric names do not compress: about 12 MiB of Parquet, three 5 MiB parts.
            Random random = new Random(42);
            for (int i = 0; i < 6_000; i++) {
                GenericRecord row = row(i);
                byte[] bytes = new byte[1536];
                random.nextBytes(bytes);
                row.put("metric", java.util.Base64.getEncoder().encodeToString(bytes));
                writer.write(row, null);
            }
            committable = writer.prepareCommit().iterator().next();
        }
        assertThat(committable.partETags()).hasSizeGreaterThanOrEqualTo(2);
        try (S3Committer committer = new S3Committer(sink.client())) {
            assertThat(commit(committer, committable)).isEqualTo(Outcome.COMMITTED);
        }
        long size = s3.client().headObject(b -> b.bucket(Components.S3_BUCKET).key(committable.key())).contentLength();
        assertThat(size).isEqualTo(committable.sizeBytes());
        assertThat(seriesIds()).containsExactlyInAnyOrderElementsOf(range(0, 6_000));
    }

    @Test
    void restore_abortsUploadsAfterTheRestoredCheckpoint_keepsThoseItHolds() throws Exception {
        S3ParquetSink sink = sink(S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES);
        S3Committable inCheckpoint1;
        S3Committable orphan;
        S3WriterState state;
        try (S3ParquetWriter writer = writer(sink, 0, List.of())) {
            write(writer, 0, 10);
            inCheckpoint1 = writer.prepareCommit().iterator().next();
            state = writer.snapshotState(1).get(0);
            write(writer, 10, 20);
            orphan = writer.prepareCommit().iterator().next(); // checkpoint 2 never completes
        }
        assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).containsExactlyInAnyOrder(inCheckpoint1.key(), orphan.key());

        // Restore from checkpoint 1: the orphan goes, checkpoint 1's upload stays for its committer.
        S3Committable orphanOfRestoredRun;
        try (S3ParquetWriter restored = writer(sink, 1, List.of(state))) {
            assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).containsExactly(inCheckpoint1.key());
            write(restored, 10, 20);
            orphanOfRestoredRun = restored.prepareCommit().iterator().next(); // fails again before checkpoint 2
        }
        assertThat(orphanOfRestoredRun.key()).isNotEqualTo(orphan.key());
        // Another attempt restoring checkpoint 1 again: same run id, so it finds its predecessor's upload.
        try (S3ParquetWriter again = writer(sink, 1, List.of(state))) {
            assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).containsExactly(inCheckpoint1.key());
            write(again, 10, 20);
            try (S3Committer committer = new S3Committer(sink.client())) {
                assertThat(commit(committer, inCheckpoint1)).isEqualTo(Outcome.COMMITTED);
                for (S3Committable c : again.prepareCommit()) {
                    assertThat(commit(committer, c)).isEqualTo(Outcome.COMMITTED);
                }
            }
        }
        assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).isEmpty();
        assertThat(seriesIds()).containsExactlyInAnyOrderElementsOf(range(0, 20));
    }

    @Test
    void commit_uploadAbortedAndObjectMissing_failsNamingTheKey() throws Exception {
        S3ParquetSink sink = sink(S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES);
        S3Committable committable;
        try (S3ParquetWriter writer = writer(sink, 0, List.of())) {
            write(writer, 0, 10);
            committable = writer.prepareCommit().iterator().next();
        }
        s3.client().abortMultipartUpload(b -> b.bucket(committable.bucket()).key(committable.key()).uploadId(committable.uploadId()));
        try (S3Committer committer = new S3Committer(sink.client())) {
            assertThatThrownBy(() -> commit(committer, committable))
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .rootCause().hasMessageContaining(committable.key()).hasMessageContaining("is missing");
        }
    }

    private S3ParquetSink sink(long maxFileBytes) {
        return S3ParquetSink.builder()
                .setClient(S3Objects.clientSettings(Components.s3Endpoint()))
                .setBasePath("s3://" + Components.S3_BUCKET + "/" + prefix)
                .setDataset(ColdDataset.LATE, "late")
                .setCodec(CompressionCodecName.ZSTD)
                .setPartSizeBytes(S3MultipartUploads.MIN_PART_SIZE_BYTES)
                .setMaxFileBytes(maxFileBytes)
                .setStagingDirectory(dir.resolve("staging").toString())
                .build();
    }

    private static S3ParquetWriter writer(S3ParquetSink sink, long restoredCheckpointId, List<S3WriterState> restored) throws Exception {
        return new S3ParquetWriter(sink, JOB, 0, 1, restoredCheckpointId, restored);
    }

    private static void write(S3ParquetWriter writer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            writer.write(row(i), null);
        }
    }

    static GenericRecord row(long seriesId) {
        GenericRecord row = new GenericData.Record(ColdDataset.LATE.schema());
        row.put("tenant", "t1");
        row.put("metric", "cpu_temp");
        row.put("labels", Map.of("region", "eu"));
        row.put("series_id", seriesId);
        row.put("resolution", "1m");
        row.put("timestamp", HOUR_10 + seriesId);
        row.put("value", (double) seriesId);
        row.put("watermark", HOUR_10 + seriesId + 120_000);
        row.put("observed_at", HOUR_10 + seriesId);
        return row;
    }

    private List<Long> seriesIds() throws Exception {
        return s3.rows(Components.S3_BUCKET, prefix, dir).stream().map(r -> (Long) r.get("series_id")).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i < to; i++) {
            ids.add(i);
        }
        return ids;
    }

    enum Outcome { COMMITTED, ALREADY_COMMITTED, RETRY_LATER, FAILED }

    private static Outcome commit(S3Committer committer, S3Committable committable) throws Exception {
        Request request = new Request(committable);
        committer.commit(List.<CommitRequest<S3Committable>>of(request));
        return request.outcome;
    }

    /** Records what the committer answered for one committable, as Flink's CommitRequestImpl does. */
    private static final class Request implements CommitRequest<S3Committable> {
        private final S3Committable committable;
        private Outcome outcome = Outcome.COMMITTED;

        Request(S3Committable committable) {
            this.committable = committable;
        }

        @Override
        public S3Committable getCommittable() {
            return committable;
        }

        @Override
        public int getNumberOfRetries() {
            return 0;
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            outcome = Outcome.FAILED;
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            outcome = Outcome.FAILED;
            throw new IllegalStateException("Failed to commit " + committable, t);
        }

        @Override
        public void retryLater() {
            outcome = Outcome.RETRY_LATER;
        }

        @Override
        public void updateAndRetryLater(S3Committable committable) {
            outcome = Outcome.RETRY_LATER;
        }

        @Override
        public void signalAlreadyCommitted() {
            outcome = Outcome.ALREADY_COMMITTED;
        }
    }
}
