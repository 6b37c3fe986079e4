package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.FlinkRestClient;
import io.strata.jobs.StrataCli;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostTicks;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.PrometheusClient;
import io.strata.tests.testutils.Scripts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Strata the way Flink users run it: a real two-process session cluster (scripts/), the shaded
 * job jar submitted over REST by {@code strata submit}, a savepoint, the TaskManager killed with
 * -9 and replaced, a stop with savepoint, a resume with a changed config, and a final draining stop. Then every raw
 * sample is in Prometheus exactly as sent (no gap) and every 1m rollup row is in Parquet exactly
 * once.
 */
class FlinkClusterITCase {

    private static final int REST_PORT = 28081;
    private static final String CLUSTER = "http://127.0.0.1:" + REST_PORT;
    private static final String RUN = "cl-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int HOSTS = 4;
    private static final int TICKS = 60;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Path RUN_DIR = Scripts.REPO.resolve("tests/target/flink-cluster-run");

    private static final FlinkRestClient FLINK = new FlinkRestClient(URI.create(CLUSTER));

    @TempDir
    static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        Components.kafkaBootstrap();
        script("flink-cluster-start");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        script("flink-cluster-stop");
    }

    @Test
    void submitSavepointKillStopResume_rawWithoutGapsAndRollupsExactlyOnce() throws Exception {
        String kafka = Components.kafkaBootstrap();
        PrometheusClient prometheus = new PrometheusClient(Components.prometheusUrl());
        String topic = "strata-" + RUN;
        KafkaTopics.create(kafka, topic, 2);
        HostTicks fleet = new HostTicks(RUN, HOSTS, (System.currentTimeMillis() / 60_000 - 15) * 60_000);
        Path config = work.resolve("strata.yaml");
        Path cold = work.resolve("cold");
        Files.writeString(config, String.join("\n",
                "source:", "  kafka:", "    bootstrap-servers: " + kafka, "    topic: " + topic, "    group-id: " + topic,
                "hot:", "  remote-write:", "    url: " + prometheus.writeUrl(),
                "cold:", "  path: " + cold,
                "job:", "  checkpoint-interval: 2s", ""));
        String jar = Scripts.REPO.resolve("jobs/target/strata-jobs-0.1.0-SNAPSHOT-job.jar").toString();

        produce(kafka, topic, fleet, 0, 20);
        String job = cli("submit", "--config", config.toString(), "--cluster", CLUSTER, "--jar", jar);
        awaitRawSamples(prometheus, 20 * HOSTS, "ticks 0-19 after submit");

        String savepoint = cli("savepoint", job, "--cluster", CLUSTER);
        assertThat(Path.of(URI.create(savepoint))).isDirectory();

        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", Files.readString(RUN_DIR.resolve("flink/taskmanager.pid")).trim()).start().waitFor();
        script("flink-cluster-start", "taskmanager");
        produce(kafka, topic, fleet, 20, 40);
        awaitRawSamples(prometheus, 40 * HOSTS, "ticks 20-39 after the TaskManager was killed");
        System.out.printf("FlinkClusterITCase: TaskManager kill -9 to ticks 20-39 in Prometheus: %.1f s%n",
                (System.nanoTime() - killed) / 1e9);

        String stopped = cli("stop", job, "--cluster", CLUSTER);
        produce(kafka, topic, fleet, 40, TICKS);
        // Resume with a changed config (new limits, a faster remote_write flush): all state is kept.
        Path changed = work.resolve("strata-changed.yaml");
        Files.writeString(changed, Files.readString(config).replace("hot:\n  remote-write:\n",
                "limits:\n  max-series-per-host: 250\n  tenant-shards: 16\nhot:\n  remote-write:\n    max-batch-age: 500ms\n"));
        assertThat(Files.readString(changed)).contains("max-series-per-host: 250", "max-batch-age: 500ms");
        String resumed = cli("resume", "--config", changed.toString(), "--savepoint", stopped, "--cluster", CLUSTER, "--jar", jar);
        awaitRawSamples(prometheus, TICKS * HOSTS, "ticks 40-59 after resume");
        cli("stop", resumed, "--cluster", CLUSTER, "--drain");

        // Raw: every host's gauge has exactly one sample per tick, the value it was sent with.
        Map<String, List<PrometheusClient.Point>> load =
                prometheus.samples("it_load{cluster=\"" + RUN + "\"}", "1h", System.currentTimeMillis());
        assertThat(load).hasSize(HOSTS);
        for (List<PrometheusClient.Point> points : load.values()) {
            assertThat(points).extracting(PrometheusClient.Point::value)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, TICKS).mapToObj(t -> (double) t).toList());
        }
        // Cold: one row per series and window, despite the kill, the stop and the resume.
        List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("resolution=1m")).stream()
                .filter(r -> r.get("labels").toString().contains(RUN)).toList();
        Map<String, Long> rowsPerSeriesWindow = rows.stream().collect(Collectors.groupingBy(
                r -> r.get("series_id") + "@" + r.get("window_start"), Collectors.counting()));
        assertThat(rowsPerSeriesWindow.values()).containsOnly(1L);
        assertThat(rowsPerSeriesWindow).hasSize(HOSTS * 2 * TICKS / 6);
        // it_ops_total's increases add up to its last value minus its first, per host.
        Map<String, Double> increase = rows.stream().filter(r -> r.get("metric").toString().equals("it_ops_total"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString(), Collectors.summingDouble(r -> (Double) r.get("increase"))));
        assertThat(increase.values()).containsOnly((TICKS - 1) * TICKS / 2.0);
    }

    private static void produce(String kafka, String topic, HostTicks fleet, int fromTick, int toTick) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int tick = fromTick; tick < toTick; tick++) {
                for (int host = 0; host < HOSTS; host++) {
                    producer.send(new ProducerRecord<>(topic, host % 2, null, fleet.frame(host, tick)));
                }
            }
        }
    }

    private static void awaitRawSamples(PrometheusClient prometheus, int expected, String what) throws Exception {
        await(() -> {
            try {
                return prometheus.samples("it_load{cluster=\"" + RUN + "\"}", "1h", System.currentTimeMillis()).values().stream()
                        .mapToInt(List::size).sum() >= expected;
            } catch (Exception e) {
                return false;
            }
        }, what);
    }

    /** The cluster runs on its own clock and the outputs arrive over the network: poll, to a deadline. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("never happened within " + WAIT + ": " + what + "; jobs: " + FLINK.jobs()
                + "; logs in " + RUN_DIR.resolve("flink/log"));
    }

    /** Runs a strata subcommand in this JVM and returns what it printed, trimmed. */
    private static String cli(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new StrataCli()).execute(args);
        } finally {
            System.setOut(original);
        }
        String out = printed.toString(StandardCharsets.UTF_8).trim();
        assertThat(exit).as("strata %s printed %s", String.join(" ", args), out).isZero();
        return out;
    }

    private static void script(String name, String... args) throws Exception {
        Scripts.run(name, Map.of("STRATA_RUN_DIR", RUN_DIR.toString(), "STRATA_FLINK_REST_PORT", Integer.toString(REST_PORT)), args);
    }
}
