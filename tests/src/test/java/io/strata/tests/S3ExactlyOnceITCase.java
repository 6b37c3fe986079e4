package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.pipeline.sink.parquet.ColdDataset;
import io.strata.pipeline.sink.s3.S3ParquetSink;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.S3Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
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
 * checkpoints, in the middle of the files. Read back from S3, every row is there exactly once,
 * and no multipart upload is left open.
 */
class S3ExactlyOnceITCase {

    private static final long ROWS = 40_000;
    /** About ten seconds of input, so that every failure hits a running stream. */
    private static final long ROWS_PER_SECOND = 4_000;
    private static final long HOUR_10 = 1_795_687_200_000L; // 2026-11-26T10:00:00Z
    /** Rows 150 ms apart in event time: 40,000 rows span two hour partitions. */
    private static final long ROW_SPACING_MILLIS = 150;
    /** Failures injected by {@link FailingRows}; static because the MiniCluster runs the job in this JVM. */
    private static final AtomicInteger FAILURES = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void threeFailoversMidStream_everyRowExactlyOnce_noOpenUpload() throws Exception {
        String prefix = "exactly-once-" + UUID.randomUUID() + "/";
        FAILURES.set(0);
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(300));
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

        env.execute("s3 exactly once");

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

    /**
     * Turns row ids into late rows and, in subtask 0, fails: attempt 0 and 2 in their third
     * checkpoint (after the sink, chained behind, uploaded its files in prepareSnapshotPreBarrier),
     * attempt 1 after 2,000 rows.
     */
    private static final class FailingRows extends RichMapFunction<Long, GenericRecord> implements CheckpointedFunction {

        private transient int checkpoints;
        private transient long rows;

        @Override
        public GenericRecord map(Long id) {
            if (failingSubtask() && attempt() == 1 && ++rows == 2_000) {
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
            return row;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (failingSubtask() && (attempt() == 0 || attempt() == 2) && ++checkpoints == 3) {
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
