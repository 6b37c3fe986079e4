package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.source.KinesisSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings.InitialPosition;
import io.strata.pipeline.source.KinesisSourceSettings.StaticCredentials;
import io.strata.pipeline.source.Sources;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostTicks;
import io.strata.tests.testutils.KinesisStreams;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.UnboundedJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job stopped with a savepoint and started again from it resumes every shard at its
 * checkpointed sequence number: the second run reads exactly the records put after the stop (no
 * replay, although its initial position is TRIM_HORIZON), and the rollups, whose open window
 * travelled in the savepoint, count every sample once (no gap).
 */
class KinesisRestartFromCheckpointITCase {

    private static final int SHARDS = 4;
    private static final int HOSTS = 4;
    /** Ticks 0-3 before the stop, 4-11 after it: the first 1m window spans the restart. */
    private static final int TICKS = 12;
    private static final int TICKS_BEFORE_STOP = 4;
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    @Test
    void restartFromSavepoint_resumesAtCheckpointedSequenceNumbers_noGapNoReplay() throws Exception {
        String endpoint = Components.kinesisEndpoint();
        String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String stream = "strata-restart-" + run;
        HostTicks fleet = new HostTicks(run, HOSTS, (System.currentTimeMillis() / MINUTE - 10) * MINUTE);
        Path cold = Files.createDirectory(dir.resolve("cold"));
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build();
        KinesisSourceSettings source = new KinesisSourceSettings(KinesisStreams.arn(stream), KinesisStreams.REGION, endpoint,
                new StaticCredentials(KinesisStreams.ACCESS_KEY_ID, KinesisStreams.SECRET_ACCESS_KEY),
                InitialPosition.TRIM_HORIZON, null, "default", false /* tenantFromPartitionKey */, Map.of());

        try (KinesisStreams kinesis = new KinesisStreams(endpoint)) {
            kinesis.create(stream, SHARDS);
            putTicks(kinesis, stream, fleet, 0, TICKS_BEFORE_STOP);

            StreamExecutionEnvironment first = LocalJobRunner.environment(2, Duration.ofMillis(500));
            StrataPipeline.assemble(first, settings, Sources.kinesis(source), KinesisReshardingITCase.coldOnly(cold));
            UnboundedJobs.Running firstRun = UnboundedJobs.start(first, "strata restart 1 " + run);
            long beforeStop = fleet.samples(0, TICKS_BEFORE_STOP);
            firstRun.awaitCounters(c -> accepted(c) >= beforeStop, Duration.ofSeconds(60), beforeStop + " samples are read by the first run");
            String savepoint = firstRun.stopWithSavepoint(dir.resolve("savepoints"));
            assertThat(accepted(firstRun.counters())).isEqualTo(beforeStop);

            putTicks(kinesis, stream, fleet, TICKS_BEFORE_STOP, TICKS);

            StreamExecutionEnvironment second = LocalJobRunner.environment(2, Duration.ofMillis(500));
            // The executor takes the restore path from the configuration (it overrides the StreamGraph's).
            second.configure(Configuration.fromMap(Map.of(StateRecoveryOptions.SAVEPOINT_PATH.key(), savepoint)));
            StrataPipeline.assemble(second, settings, Sources.kinesis(source), KinesisReshardingITCase.coldOnly(cold));
            UnboundedJobs.Running secondRun = UnboundedJobs.start(second, "strata restart 2 " + run);
            long afterStop = fleet.samples(TICKS_BEFORE_STOP, TICKS);
            secondRun.awaitCounters(c -> accepted(c) >= afterStop, Duration.ofSeconds(60), afterStop + " samples are read by the second run");
            Map<String, Long> counters = secondRun.stop(dir.resolve("savepoints"), true /* drain */);

            assertThat(counters).as("the second run reads only what was put after the savepoint")
                    .containsEntry(Accounting.SAMPLES_ACCEPTED, afterStop)
                    .containsEntry(Accounting.key(Accounting.SAMPLES_LATE, "resolution", "1m"), 0L);
        }

        List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("resolution=1m"));
        Map<String, Long> rowsPerSeriesWindow = rows.stream().collect(Collectors.groupingBy(
                r -> r.get("series_id") + "@" + r.get("window_start"), Collectors.counting()));
        assertThat(rowsPerSeriesWindow).as("one row per series and window").hasSize(HOSTS * 2 * 2).allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
        assertThat(rows.stream().mapToLong(r -> (Long) r.get("count")).sum()).as("every sample counted once").isEqualTo(fleet.samples(0, TICKS));
        assertThat(rows.stream().filter(r -> r.get("metric").toString().equals("it_load") && (Long) r.get("window_start") == fleet.t0EpochMillis()))
                .as("the window open across the restart: ticks 0-5, min 0 from the first run, max 5 from the second")
                .hasSize(HOSTS)
                .allSatisfy(r -> {
                    assertThat(r.get("count")).isEqualTo(6L);
                    assertThat(r.get("min")).isEqualTo(0.0);
                    assertThat(r.get("max")).isEqualTo(5.0);
                });
    }

    private static void putTicks(KinesisStreams kinesis, String stream, HostTicks fleet, int from, int to) {
        for (int tick = from; tick < to; tick++) {
            for (int host = 0; host < HOSTS; host++) {
                kinesis.put(stream, fleet.host(host), KinesisStreams.hashKeyInRange(host % SHARDS, SHARDS), fleet.frame(host, tick));
            }
        }
    }

    private static long accepted(Map<String, Long> counters) {
        return counters.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L);
    }
}
