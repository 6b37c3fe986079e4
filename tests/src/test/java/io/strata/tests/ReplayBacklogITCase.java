package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.bench.KafkaBacklog;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.PrometheusProcess;
import io.strata.tests.testutils.ReplayOutputs;
import io.strata.tests.testutils.Scripts;
import io.strata.tests.testutils.StrataCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: three hours of game telemetry waiting in Kafka (four partitions, keyed by host), read
 * by {@code strata run} into an empty Prometheus 2.42. The partitions must not race apart: every
 * raw sample and every 1m and 5m rollup value reaches Prometheus, none is refused as out of
 * bounds, and cold holds exactly one row per series and window.
 */
class ReplayBacklogITCase {

    private static final int HOSTS = 10;
    private static final int MINUTES = 180;
    private static final int PARTITIONS = 4;
    private static final Path RUN_DIR = Scripts.REPO.resolve("tests/target/replay-backlog-run");

    private static PrometheusProcess prometheus;

    @TempDir
    Path work;

    @BeforeAll
    static void startPrometheus() throws Exception {
        Components.kafkaBootstrap();
        prometheus = PrometheusProcess.start(RUN_DIR);
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.stop();
        }
    }

    @Test
    void run_threeHourBacklogOnFourPartitions_hotAndColdWhole() throws Exception {
        long started = System.nanoTime();
        String kafka = Components.kafkaBootstrap();
        String topic = "strata-replay-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBacklog backlog = new KafkaBacklog(HOSTS, MINUTES, PARTITIONS, System.currentTimeMillis() / 60_000 * 60_000);
        backlog.writeTo(kafka, topic);
        long written = System.nanoTime();
        Path config = work.resolve("strata.yaml");
        Path cold = work.resolve("cold");
        Files.writeString(config, String.join("\n",
                "source:", "  kafka:", "    bootstrap-servers: " + kafka, "    topic: " + topic, "    group-id: " + topic,
                "    bounded: true",
                "hot:", "  remote-write:", "    url: " + prometheus.url() + "/api/v1/write",
                "cold:", "  path: " + cold,
                "job:", "  parallelism: 2", "  checkpoint-interval: 5s", ""));

        String summary = StrataCommand.run("run", "--config", config.toString());
        System.out.println("strata run printed:\n" + summary);
        long ran = System.nanoTime();
        ReplayOutputs.Report report = ReplayOutputs.check(backlog, prometheus.url(), cold);
        long checked = System.nanoTime();

        System.out.printf("ReplayBacklogITCase: %d hosts x %d min on %d partitions, %,d frames; written %.1f s, run %.1f s, checked %.1f s%n%s"
                        + "  from the summary of strata run:%n%s%n",
                HOSTS, MINUTES, PARTITIONS, backlog.frameCount(), (written - started) / 1e9, (ran - written) / 1e9, (checked - ran) / 1e9, report.describe(),
                summary.lines().filter(line -> line.contains("spread") || line.contains("released early") || line.contains("too_old"))
                        .collect(Collectors.joining("\n")));
        // The source read every frame the backlog holds: a shortfall here is lost at the source, not further on.
        assertThat(summaryCount(summary, "frames decoded") + summaryCount(summary, "frames rejected whole"))
                .as("frames decoded or rejected whole, of the %,d in the topic", backlog.frameCount())
                .isEqualTo(backlog.frameCount());
        report.assertExact();
        // What left for the receiver lies within alignment-max-drift (1m) + max-out-of-orderness (30s).
        assertThat(summaryCount(summary, "raw hot event-time spread, largest (s)")).isBetween(0L, 90L);
    }

    /** The count on the summary line that starts with {@code label}. */
    private static long summaryCount(String summary, String label) {
        return summary.lines().map(String::strip).filter(line -> line.startsWith(label))
                .mapToLong(line -> Long.parseLong(line.replaceAll(".*\\s([0-9,]+)$", "$1").replace(",", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no line '" + label + "' in the summary:\n" + summary));
    }
}
