package io.strata.tests;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.testutils.FaultInjectingReceiver;
import io.strata.pipeline.testutils.TestPipelines;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.tests.testutils.ParquetFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole graph in a MiniCluster against {@link FaultInjectingReceiver}, which answers 400 to
 * every request holding one series: that series' samples end in the cold {@code rejected}
 * dataset with the receiver's message, and every other series is delivered.
 */
class RemoteWriteRejectedToColdITCase {

    private static final int HOSTS = 6;
    private static final int TICKS = 12;
    private static final String METRIC = "gameplay_players";
    private static final String MESSAGE = "label value too long for this tenant";

    private final FaultInjectingReceiver receiver = FaultInjectingReceiver.start().rejectSeriesWithLabel("instance", "gs-3", 400, MESSAGE);

    @TempDir
    Path cold;

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** Without checkpoints (everything at the end of input) and with them (every 200 ms, the last at the end). */
    @ParameterizedTest(name = "checkpoints every {0} ms")
    @ValueSource(longs = {0, 200})
    void receiver400OnOneSeries_itsSamplesInColdRejectedWithTheMessage_othersDelivered(long checkpointMillis) throws Exception {
        List<SourceRecord> input = new ArrayList<>();
        for (int tick = 0; tick < TICKS; tick++) {
            for (int host = 0; host < HOSTS; host++) {
                input.add(SourceRecord.of(host(host).gauge(T0 + tick * 10 * SECOND, 100 + host)));
            }
        }

        run(input, checkpointMillis);

        List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("rejected"));
        // Raw samples and derived series (the 1m/5m rollups of gs-3) both go to the same receiver.
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("reason")).hasToString("remote_write_rejected");
            assertThat(row.get("detail")).hasToString("400 " + MESSAGE);
            assertThat(labels(row)).containsEntry("instance", "gs-3");
            assertThat((Long) row.get("samples")).isPositive();
        });
        // Rows of one series and reason are merged per checkpoint: the samples add up, the claimed range covers them all.
        List<GenericRecord> raw = rows.stream().filter(row -> METRIC.equals(String.valueOf(row.get("metric")))).toList();
        assertThat(raw.stream().mapToLong(row -> (Long) row.get("samples")).sum()).isEqualTo(TICKS);
        assertThat(raw.stream().mapToLong(row -> (Long) row.get("timestamp")).min().orElseThrow()).isEqualTo(T0);
        assertThat(raw.stream().mapToLong(row -> (Long) row.get("last_timestamp")).max().orElseThrow())
                .isEqualTo(T0 + (TICKS - 1) * 10 * SECOND);
        assertThat(raw).allSatisfy(row -> assertThat(row.get("value")).isIn(null, 103.0));
        assertThat(raw).extracting(RemoteWriteRejectedToColdITCase::labels)
                .containsOnly(Map.of("instance", "gs-3", "job", "gameserver", "region", "eu"));

        Map<String, List<Long>> delivered = receiver.stored().entrySet().stream()
                .filter(e -> e.getKey().startsWith("__name__=\"" + METRIC + "\""))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(delivered).hasSize(HOSTS - 1).allSatisfy((series, ts) -> {
            assertThat(series).doesNotContain("gs-3\"");
            assertThat(ts).hasSize(TICKS);
        });
    }

    private static TestSeries host(int host) {
        return TestSeries.of("__name__", METRIC, "instance", "gs-" + host, "job", "gameserver", "region", "eu");
    }

    private static Map<String, String> labels(GenericRecord row) {
        return ((Map<?, ?>) row.get("labels")).entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString()));
    }

    private void run(List<SourceRecord> input, long checkpointMillis) throws Exception {
        StreamExecutionEnvironment env = JobSettings.localEnvironment(2, new Configuration());
        if (checkpointMillis > 0) {
            env.enableCheckpointing(checkpointMillis);
        }
        RemoteWriteSink hot = new RemoteWriteSink(RemoteWriteSettings.builder(receiver.writeUrl())
                .setBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());
        StrataPipeline.assemble(env, StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).maxOutOfOrderness(Duration.ZERO).build(),
                TestPipelines.inOrder(input), Sinks.builder().hot(hot).cold(cold.toUri().toString()).build());
        env.execute("remote_write rejected to cold");
    }
}
