package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.LocalJobRunner;
import io.strata.pipeline.sink.cold.ColdDataset;
import io.strata.pipeline.sink.cold.s3.S3ParquetSink;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.S3Objects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming job writing cold rows to s3:// on S3Mock 5.2.0 fails three times mid-stream and
 * restarts from its last checkpoint each time: twice while taking a checkpoint, after the sink
 * had uploaded that checkpoint's files (their multipart uploads are left open), once between
 * checkpoints, in the middle of the files. Then it is cancelled mid-stream and a new job restores
 * its last retained checkpoint and runs to the end. Read back from S3, every row is there exactly
 * once, and no multipart upload is left open.
 */
class S3ExactlyOnceITCase {

    private static final long ROWS = 80_000;
    /** About twenty seconds of input, so that every failure and the cancellation hit a running stream. */
    private static final long ROWS_PER_SECOND = 4_000;
    private static final long HOUR_10 = 1_795_687_200_000L; // 2026-11-26T10:00:00Z
    /** Rows observed 75 ms apart: 80,000 rows span two hour partitions. */
    private static final long ROW_SPACING_MILLIS = 75;
    /** Failures injected by {@link FailingRows}; static because the MiniCluster runs the job in this JVM. */
    private static final AtomicInteger FAILURES = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void threeFailoversAndACancelMidStream_everyRowExactlyOnce_noOpenUpload() throws Exception {
        String prefix = "exactly-once-" + UUID.randomUUID() + "/";
        Path checkpoints = dir.resolve("checkpoints");
        FAILURES.set(0);

        StreamExecutionEnvironment first = environment(checkpoints, null);
        build(first, prefix);
        JobClient firstJob = first.executeAsync("s3 exactly once");
        Path jobCheckpoints = checkpoints.resolve(firstJob.getJobID().toHexString());
        awaitCondition(() -> FAILURES.get() == 3, firstJob, "three induced failures");
        long afterFailures = latestCheckpoint(jobCheckpoints);
        awaitCondition(() -> latestCheckpoint(jobCheckpoints) >= afterFailures + 2, firstJob, "two checkpoints after the failures");
        firstJob.cancel().get(1, TimeUnit.MINUTES);
        // A job that had already finished would end with a result, not a cancellation.
        assertThatThrownBy(() -> firstJob.getJobExecutionResult().get(1, TimeUnit.MINUTES))
                .as("cancelled mid-stream")
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("JobCancellationException");

        Path retained = jobCheckpoints.resolve("chk-" + latestCheckpoint(jobCheckpoints));
        StreamExecutionEnvironment second = environment(checkpoints, retained);
        build(second, prefix);
        second.execute("s3 exactly once, restored");

        assertThat(FAILURES.get()).as("induced failures").isEqualTo(3);
        try (S3Objects s3 = new S3Objects(Components.s3Endpoint())) {
            List<Long> ids = s3.rows(Components.S3_BUCKET, prefix, dir).stream().map(r -> (Long) r.get("series_id")).sorted().toList();
            assertThat(ids).as("every row once: no duplicate, none missing")
                    .isEqualTo(LongStream.range(0, ROWS).boxed().toList());
            assertThat(s3.keys(Components.S3_BUCKET, prefix))
                    .anyMatch(k -> k.contains("/late/dt=2026-11-26/hour=10/"))
                    .anyMatch(k -> k.contains("/late/dt=2026-11-26/hour=11/"));
            assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).as("open multipart uploads").isEmpty();
        }
    }

    /** A local environment whose checkpoints outlive a cancellation, restoring {@code restoreFrom} if set. */
    private static StreamExecutionEnvironment environment(Path checkpoints, Path restoreFrom) {
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(300));
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            // The executor takes the restore path from the configuration (it overrides the StreamGraph's).
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        env.configure(config);
        return env;
    }

    private void build(StreamExecutionEnvironment env, String prefix) {
        S3ParquetSink sink = S3ParquetSink.builder()
                .setClient(S3Objects.clientSettings(Components.s3Endpoint()))
                .setBasePath("s3://" + Components.S3_BUCKET + "/" + prefix)
                .setDataset(ColdDataset.LATE, "late")
                .setCodec(CompressionCodecName.ZSTD)
                .setStagingDirectory(dir.resolve("staging").toString())
                .build();
        env.fromSource(new DataGeneratorSource<>(i -> i, ROWS, RateLimiterStrategy.perSecond(ROWS_PER_SECOND), Types.LONG),
                        WatermarkStrategy.noWatermarks(), "row ids")
                .uid("row-ids")
                .map(new FailingRows())
                .returns(new GenericRecordAvroTypeInfo(ColdDataset.LATE.schema()))
                .name("rows, failing")
                .uid("failing-rows")
                .sinkTo(sink)
                .name("parquet s3: late")
                .uid("s3-late");
    }

    /** The id of the newest completed checkpoint under {@code jobCheckpoints}, 0 if none. */
    private static long latestCheckpoint(Path jobCheckpoints) throws IOException {
        if (!Files.isDirectory(jobCheckpoints)) {
            return 0;
        }
        try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .mapToLong(d -> Long.parseLong(d.getFileName().toString().substring(4)))
                    .max().orElse(0);
        }
    }

    /** Polls, because the job runs on its own threads; fails naming {@code what} if the job ends first or a minute passes. */
    private static void awaitCondition(Callable<Boolean> condition, JobClient job, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.call()) {
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("the job ended before " + what).isFalse();
            assertThat(System.nanoTime()).as("not within a minute: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * Turns row ids into late rows and, in subtask 0, fails: the first and third time in the third
     * checkpoint since its start (after the sink, chained behind, uploaded its files in
     * prepareSnapshotPreBarrier), the second time after 2,000 rows.
     */
    private static final class FailingRows extends RichMapFunction<Long, GenericRecord> implements CheckpointedFunction {

        private transient int checkpoints;
        private transient long rows;

        @Override
        public GenericRecord map(Long id) {
            if (failingSubtask() && FAILURES.get() == 1 && ++rows == 2_000) {
                fail("after 2,000 rows");
            }
            GenericRecord row = new GenericData.Record(ColdDataset.LATE.schema());
            row.put("tenant", "t1");
            row.put("metric", "cpu_temp");
            row.put("labels", Map.of("region", "eu"));
            row.put("series_id", id);
            row.put("resolution", "1m");
            row.put("timestamp", HOUR_10 + id * ROW_SPACING_MILLIS);
            row.put("value", (double) id);
            row.put("watermark", HOUR_10 + id * ROW_SPACING_MILLIS + 120_000);
            row.put("observed_at", HOUR_10 + id * ROW_SPACING_MILLIS);
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            int failures = FAILURES.get();
            if (failingSubtask() && (failures == 0 || failures == 2) && ++checkpoints == 3) {
                fail("in checkpoint " + context.getCheckpointId() + ", after the sink's uploads");
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        private boolean failingSubtask() {
            return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        }

        private int attempt() {
            return getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        private void fail(String where) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("induced failure " + FAILURES.get() + " (attempt " + attempt() + ") " + where);
        }
    }
}
