package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.bench.KafkaBacklog;
import io.strata.pipeline.sink.remotewrite.ReleaseInStepOperator;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.FlinkJobMetrics;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.PrometheusProcess;
import io.strata.tests.testutils.ReplayOutputs;
import io.strata.tests.testutils.Scripts;
import io.strata.tests.testutils.StrataCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 under chaos: the three-hour backlog of {@link ReplayBacklogITCase} read by {@code
 * strata submit} on a real session cluster, while the TaskManager is killed with -9 twice and the
 * receiving Prometheus is down for 45 s. After a draining stop, hot and cold are still exact.
 * {@code scripts/chaos} runs this test alone.
 */
class ClusterChaosITCase {

    /** Apart from FlinkClusterITCase's 28081 (the cluster takes REST_PORT to REST_PORT + 12). */
    private static final int REST_PORT = 28181;
    private static final String CLUSTER = "http://127.0.0.1:" + REST_PORT;
    private static final Path RUN_DIR = Scripts.REPO.resolve("tests/target/cluster-chaos-run");
    private static final int HOSTS = 10;
    private static final int MINUTES = 180;
    private static final int PARTITIONS = 4;
    private static final Duration PROMETHEUS_OUTAGE = Duration.ofSeconds(45);
    /** When the second kill comes, into the outage: the job is then stalled mid-catch-up. */
    private static final Duration KILL_INTO_OUTAGE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String SPREAD_METRIC = "source_event_time_spread";

    private static PrometheusProcess prometheus;

    @TempDir
    static Path work;

    private final List<String> timeline = new ArrayList<>();
    private long startedNanos;
    private FlinkJobMetrics job;
    private OptionalDouble spreadSeen = OptionalDouble.empty();
    /** The job's lowest watermark as polled (every 0.5 s during waits): its largest step and longest standstill. */
    private long watermark = Long.MIN_VALUE;
    private String watermarkVertex = "";
    private double watermarkMovedAt;
    private String largestStep = "none";
    private long largestStepMillis;
    private String longestStall = "none";
    private double longestStallSeconds;
    private String spreadUnread = "";

    @BeforeAll
    static void startClusterAndPrometheus() throws Exception {
        Components.kafkaBootstrap();
        prometheus = PrometheusProcess.start(RUN_DIR);
        script("flink-cluster-start");
    }

    @AfterAll
    static void stopClusterAndPrometheus() throws Exception {
        try {
            script("flink-cluster-stop");
        } finally {
            if (prometheus != null) {
                prometheus.stop();
            }
        }
    }

    @Test
    void submit_twoTaskManagerKillsAndPrometheusOutage_hotAndColdWhole() throws Exception {
        startedNanos = System.nanoTime();
        String kafka = Components.kafkaBootstrap();
        String topic = "strata-chaos-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBacklog backlog = new KafkaBacklog(HOSTS, MINUTES, PARTITIONS, System.currentTimeMillis() / 60_000 * 60_000);
        backlog.writeTo(kafka, topic);
        Path config = work.resolve("strata.yaml");
        Path cold = work.resolve("cold");
        Files.writeString(config, String.join("\n",
                "source:", "  kafka:", "    bootstrap-servers: " + kafka, "    topic: " + topic, "    group-id: " + topic,
                "hot:", "  remote-write:", "    url: " + prometheus.url() + "/api/v1/write",
                "cold:", "  path: " + cold,
                // Off, as docs/CONFIG.md advises for replays of old data: while the job stalls (receiver
                // down, restore), the lag stops falling, and the overload detector then sheds lowprio
                // samples for good, hot and cold (3 of 5 runs with it on, 4,982 to 20,106 samples).
                "overload:", "  enabled: false",
                "job:", "  parallelism: 2", "  checkpoint-interval: 5s", ""));
        String jar = Scripts.REPO.resolve("jobs/target/strata-jobs-0.1.0-SNAPSHOT-job.jar").toString();

        String jobId = StrataCommand.run("submit", "--config", config.toString(), "--cluster", CLUSTER, "--jar", jar);
        job = new FlinkJobMetrics(CLUSTER, jobId);
        event("submitted " + jobId + " at parallelism " + job.parallelism());
        awaitCheckpointAfter(0, "the first checkpoint");

        killTaskManager();
        awaitCheckpointAfter(job.completedCheckpoints(), "a checkpoint after the first kill");

        prometheus.stop();
        event("Prometheus stopped");
        // The outage itself is the scenario: the job must ride through a fixed stretch without its receiver.
        pollFor(KILL_INTO_OUTAGE);
        killTaskManager();
        pollFor(PROMETHEUS_OUTAGE.minus(KILL_INTO_OUTAGE));
        prometheus.restartKeepingData();
        event("Prometheus restarted, keeping its data");

        awaitReadToEnd(kafka, topic);
        event(beforeTheDrain(backlog));
        StrataCommand.run("stop", jobId, "--cluster", CLUSTER, "--drain");
        event("stopped with --drain");
        long restores = job.restores();

        ReplayOutputs.Report report = ReplayOutputs.check(backlog, prometheus.url(), cold);
        System.out.printf("ClusterChaosITCase: %d hosts x %d min on %d partitions, %,d frames, %.1f s in all%n"
                        + "  timeline:%n    %s%n%s"
                        + "  restores from checkpoint:          %d%n"
                        + "  max event-time spread seen (REST): %s%n",
                HOSTS, MINUTES, PARTITIONS, backlog.frameCount(), seconds(), String.join("\n    ", timeline),
                report.describe(), restores,
                spreadSeen.isPresent() ? spreadSeen.getAsDouble() + " s"
                        : "(no operator metric containing " + SPREAD_METRIC + spreadUnread + ")");
        String watermarks = String.format("  lowest watermark, largest step:    %s%n  lowest watermark, longest stall:   %s%n",
                largestStep, longestStall);
        System.out.print(watermarks);
        report.assertExact(String.format("timeline:%n    %s%n  restores from checkpoint: %d%n%s", String.join("\n    ", timeline), restores,
                watermarks));
    }

    /** Where the job stands when it has read everything: how far its watermark is from the backlog's end, and what it holds. */
    private String beforeTheDrain(KafkaBacklog backlog) throws Exception {
        Optional<FlinkJobMetrics.VertexWatermark> lowest = job.lowestInputWatermark();
        return String.format("before the drain: lowest watermark %s, raw samples held %s",
                lowest.map(w -> String.format("%.1f min before the backlog's end (%s)",
                        (backlog.endEpochMillis() - w.watermark()) / 60_000.0, w.vertex())).orElse("none yet"),
                job.max(ReleaseInStepOperator.HELD).stream().mapToObj(held -> String.format("%.0f (most in one subtask)", held))
                        .findFirst().orElse("unknown"));
    }

    private void killTaskManager() throws Exception {
        String pid = Files.readString(RUN_DIR.resolve("flink/taskmanager.pid")).trim();
        assertThat(new ProcessBuilder("kill", "-9", pid).start().waitFor()).as("kill -9 %s", pid).isZero();
        event("TaskManager " + pid + " killed with -9");
        script("flink-cluster-start", "taskmanager");
        event("new TaskManager registered");
    }

    private void awaitCheckpointAfter(long completed, String what) throws Exception {
        await(() -> job.completedCheckpoints() > completed, what);
        event(what + " (" + job.completedCheckpoints() + " completed)");
    }

    /** The group's offsets are committed when a checkpoint completes: then all was read and flushed before it. */
    private void awaitReadToEnd(String kafka, String topic) throws Exception {
        await(() -> KafkaTopics.committedToEnd(kafka, topic, topic), "the job committed the end of every partition");
        event("read to the end of every partition");
    }

    /** Waits {@code duration}, observing the job meanwhile. */
    private void pollFor(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            observeSpread();
            Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    /** A condition checked against the cluster and Kafka, which offer nothing to wait on: polled to a deadline. */
    private void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            observeSpread();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what + "; timeline " + timeline
                        + "; logs in " + RUN_DIR.resolve("flink/log"));
            }
            Thread.sleep(500);
        }
        observeSpread();
    }

    /** The spread gauge and the watermark live only while the job runs, so they are sampled during every wait. */
    private void observeSpread() {
        observeWatermark();
        try {
            OptionalDouble now = job.max(SPREAD_METRIC);
            if (now.isPresent() && (spreadSeen.isEmpty() || now.getAsDouble() > spreadSeen.getAsDouble())) {
                spreadSeen = now;
            }
        } catch (Exception e) {
            // While the job restarts its vertices answer nothing; the next poll reads them again.
            spreadUnread = "; last unread: " + e;
        }
    }

    private void observeWatermark() {
        try {
            Optional<FlinkJobMetrics.VertexWatermark> lowest = job.lowestInputWatermark();
            if (lowest.isEmpty() || lowest.get().watermark() <= watermark) {
                return;
            }
            long now = lowest.get().watermark();
            double at = seconds();
            if (watermark != Long.MIN_VALUE) {
                if (now - watermark > largestStepMillis) {
                    largestStepMillis = now - watermark;
                    largestStep = String.format("%.1f min of event time, at %.1f s (lowest before: %s; after: %s)",
                            largestStepMillis / 60_000.0, at, watermarkVertex, lowest.get().vertex());
                }
                if (at - watermarkMovedAt > longestStallSeconds) {
                    longestStallSeconds = at - watermarkMovedAt;
                    longestStall = String.format("%.1f s, from %.1f s to %.1f s", longestStallSeconds, watermarkMovedAt, at);
                }
            }
            watermark = now;
            watermarkVertex = lowest.get().vertex();
            watermarkMovedAt = at;
        } catch (Exception e) {
            // While the job restarts its vertices answer nothing; the next poll reads them again.
        }
    }

    private void event(String what) {
        timeline.add(String.format("%6.1f s  %s", seconds(), what));
    }

    private double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void script(String name, String... args) throws Exception {
        Scripts.run(name, Map.of("STRATA_RUN_DIR", RUN_DIR.toString(), "STRATA_FLINK_REST_PORT", Integer.toString(REST_PORT)), args);
    }
}
