package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostTicks;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.UnboundedJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State survives upgrades (Flink's migration-test approach): a savepoint taken from Strata 0.1.0
 * is kept in {@code src/test/resources/savepoints/strata-0.1.0} and restored by the current code.
 * The restored job must resume the Kafka source at the saved offsets and continue the saved
 * rollup state: counter cursors, open 1m windows and the 5m cascade.
 *
 * <p>To write the fixture anew (only when a release changes state on purpose, keeping the old
 * one): {@code STRATA_WRITE_SAVEPOINT_FIXTURE=1 scripts/test -pl tests -Dit.test=SavepointCompatibilityITCase}.
 */
class SavepointCompatibilityITCase {

    private static final String VERSION = "strata-0.1.0";
    private static final Path REPO = Path.of(System.getenv().getOrDefault("STRATA_REPO_ROOT", "..")).toAbsolutePath().normalize();
    private static final Path FIXTURE = REPO.resolve("tests/src/test/resources/savepoints/" + VERSION);
    /** Fixed, so that the saved source state names a topic this test recreates. */
    private static final String TOPIC = "strata-savepoint-fixture";
    /** 2026-11-26T00:00:00Z: the fixture's event time is fixed too. */
    private static final HostTicks FLEET = new HostTicks("fixture", 2, 1_795_651_200_000L);
    private static final int SAVED_TICKS = 15;
    private static final int TICKS = 30;

    @TempDir
    Path work;

    @Test
    void restore_fixtureOfVersion010_resumesOffsetsAndRollupState() throws Exception {
        String kafka = Components.kafkaBootstrap();
        if ("1".equals(System.getenv("STRATA_WRITE_SAVEPOINT_FIXTURE"))) {
            writeFixture(kafka);
        }
        assertThat(FIXTURE.resolve("_metadata")).as("the savepoint fixture").isRegularFile();
        recreateTopic(kafka);
        produce(kafka, 0, TICKS);

        Path savepoint = work.resolve("savepoint");
        copy(FIXTURE, savepoint);
        // Restored Kafka splits keep the saved job's (unbounded) stopping offsets, so the restored
        // job runs until it has read the new ticks and is then stopped with a draining savepoint.
        StreamExecutionEnvironment env = environment(work.resolve("cold").toUri().toString());
        env.configure(Configuration.fromMap(Map.of(
                StateRecoveryOptions.SAVEPOINT_PATH.key(), savepoint.toUri().toString(),
                StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "false")));
        UnboundedJobs.Running job = UnboundedJobs.start(env, "strata savepoint compatibility");
        job.awaitCounters(c -> c.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L) >= FLEET.samples(SAVED_TICKS, TICKS),
                Duration.ofSeconds(60), "the ticks after the savepoint read");
        job.stop(work.resolve("after"), true);

        List<GenericRecord> oneMinute = ParquetFiles.rows(work.resolve("cold/resolution=1m"));
        // The source resumed at the saved offsets: minute 0, complete and fired before the savepoint,
        // is not rolled up again. (Checked on the exactly-once output rather than on the counters,
        // which also count what a restarted attempt reads again.)
        assertThat(oneMinute).isNotEmpty().noneMatch(r -> (Long) r.get("window_start") == FLEET.t0EpochMillis());
        Map<String, Double> increase = oneMinute.stream().filter(r -> r.get("metric").toString().equals("it_ops_total"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString(), Collectors.summingDouble(r -> (Double) r.get("increase"))));
        // The windows this run emitted start at minute 1 (minute 0 fired before the savepoint). With the saved
        // counter cursor and open windows, their increases add up to value(29) − value(5); from an empty state
        // they would be value(29) − value(15).
        assertThat(increase).hasSize(2);
        assertThat(increase.values()).containsOnly(counter(TICKS - 1) - counter(5));
        Map<String, Double> fiveMinutes = ParquetFiles.rows(work.resolve("cold/resolution=5m")).stream()
                .filter(r -> r.get("metric").toString().equals("it_ops_total"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString(), Collectors.summingDouble(r -> (Double) r.get("increase"))));
        // The 5m cascade kept minute 0's saved result: the 5m increase covers every step since tick 0.
        assertThat(fiveMinutes.values()).containsOnly(counter(TICKS - 1) - counter(0));
    }

    /** Runs the fixture's job on ticks [0, 15) and keeps its savepoint, taken without draining. */
    private void writeFixture(String kafka) throws Exception {
        recreateTopic(kafka);
        produce(kafka, 0, SAVED_TICKS);
        UnboundedJobs.Running job = UnboundedJobs.start(environment(null), "strata savepoint fixture");
        job.awaitCounters(c -> c.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L) >= FLEET.samples(0, SAVED_TICKS),
                Duration.ofSeconds(60), "the fixture's input read");
        String savepoint = job.stopWithSavepoint(work.resolve("fixture"));
        deleteRecursively(FIXTURE);
        copy(Path.of(java.net.URI.create(savepoint)), FIXTURE);
        System.out.println("SavepointCompatibilityITCase: wrote " + FIXTURE);
    }

    /** The job of the fixture: Kafka in, default policy and limits, rollups, no hot output. */
    private static StreamExecutionEnvironment environment(String cold) {
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(500));
        KafkaSourceSettings source = new KafkaSourceSettings(Components.kafkaBootstrap(), TOPIC, "fixture", true, false, "default",
                new Properties());
        StrataPipeline.assemble(env, StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build(), Sources.kafka(source),
                Sinks.builder().hot(new DiscardingSink<Sample>()).cold(cold).build());
        return env;
    }

    private static double counter(int tick) {
        return tick * (tick + 1) / 2.0;
    }

    private static void recreateTopic(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            if (admin.listTopics().names().get().contains(TOPIC)) {
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
                // Deletion completes asynchronously on the broker: wait until the name is free.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (admin.listTopics().names().get().contains(TOPIC) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String kafka, int fromTick, int toTick) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int tick = fromTick; tick < toTick; tick++) {
                for (int host = 0; host < FLEET.hosts(); host++) {
                    producer.send(new ProducerRecord<>(TOPIC, host % 2, null, FLEET.frame(host, tick)));
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
