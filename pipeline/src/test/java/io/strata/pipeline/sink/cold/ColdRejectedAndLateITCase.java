package io.strata.pipeline.sink.cold;

import static io.strata.pipeline.testutils.Arrivals.arrivedAt;
import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.sink.cold.file.TimePartitionBucketAssigner;
import io.strata.pipeline.testutils.TestPipelines;
import io.strata.pipeline.testutils.TestSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole graph ({@link StrataPipeline#assemble}) in a MiniCluster writing cold Parquet: a
 * hostile series claiming 300 hours before 2000 and a late sample claiming an hour long gone
 * are written to the hour they were received in, the series' rejections as merged rows.
 */
class ColdRejectedAndLateITCase {

    private static final long HOUR = 60 * MINUTE;
    /** One subtask per operator, so the late sample meets the watermark of the sample before it, not a race. */
    private static final int PARALLELISM = 1;
    private static final long CLAIMED_FIRST = Instant.parse("1999-12-01T00:00:00Z").toEpochMilli();
    /** When the hostile and the late samples were received: 40 minutes into T0's hour. */
    private static final long OBSERVED = T0 + 40 * MINUTE;
    private static final String OBSERVED_HOUR = TimePartitionBucketAssigner.partitionOf(OBSERVED);

    @TempDir
    Path cold;

    @Test
    void hostileAndLateSamples_landInTheHourTheyWereReceived() throws Exception {
        TestSeries hostile = TestSeries.ofTenant("acme", "__name__", "tick", "instance", "gs-1", "job", "gs", "player_name", "x");
        TestSeries temp = TestSeries.ofTenant("acme", "__name__", "cpu_temp", "instance", "gs-2", "job", "gs");
        List<SourceRecord> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            input.add(SourceRecord.of(arrivedAt(hostile.gauge(CLAIMED_FIRST + i * HOUR, i), OBSERVED)));
        }
        input.add(SourceRecord.of(temp.gauge(T0 + 10 * MINUTE, 50)));
        input.add(SourceRecord.of(arrivedAt(temp.gauge(T0 - 3 * HOUR, 40), OBSERVED)));

        run(input);

        List<Path> rejectedFiles = files(cold.resolve("rejected"));
        assertThat(rejectedFiles).isNotEmpty().allSatisfy(f -> assertThat(cold.resolve("rejected").relativize(f).toString())
                .startsWith(OBSERVED_HOUR + "/"));
        assertThat(rows(rejectedFiles)).singleElement().satisfies(row -> {
            assertThat(row.get("reason").toString()).isEqualTo("label_not_allowed");
            assertThat(row.get("samples")).isEqualTo(300L);
            assertThat(row.get("timestamp")).isEqualTo(CLAIMED_FIRST);
            assertThat(row.get("last_timestamp")).isEqualTo(CLAIMED_FIRST + 299 * HOUR);
            assertThat(row.get("observed_at")).isEqualTo(OBSERVED);
        });

        List<Path> lateFiles = files(cold.resolve("late"));
        assertThat(lateFiles).isNotEmpty().allSatisfy(f -> assertThat(cold.resolve("late").relativize(f).toString())
                .startsWith(OBSERVED_HOUR + "/"));
        assertThat(rows(lateFiles)).singleElement().satisfies(row -> {
            assertThat(row.get("timestamp")).isEqualTo(T0 - 3 * HOUR);
            assertThat(row.get("observed_at")).isEqualTo(OBSERVED);
        });
    }

    private void run(List<SourceRecord> input) throws Exception {
        StreamExecutionEnvironment env = JobSettings.localEnvironment(PARALLELISM, new Configuration());
        StrataPipeline.assemble(env, StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build(),
                TestPipelines.inOrder(input), Sinks.builder().cold(cold.toUri().toString()).build());
        env.execute("cold rejected and late");
    }

    /** The committed Parquet files under {@code dir}; in-progress files start with a dot. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                    .toList();
        }
    }

    private static List<GenericRecord> rows(List<Path> files) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        for (Path file : files) {
            try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration())).build()) {
                for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
