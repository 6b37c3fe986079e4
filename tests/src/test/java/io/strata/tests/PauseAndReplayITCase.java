package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.pipeline.testutils.FrameBuilder;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostTicks;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.UnboundedJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that paused for 20 minutes and is replayed as a backlog, partitions out of step, over
 * a real Kafka broker with watermark alignment on: no window fires early, no sample is lost, and
 * exactly the samples sent beyond the allowed lateness land in the late dataset.
 *
 * <p>Event time (T0 an hour boundary, three hours ago): every host sends a frame each 10 s for
 * minutes [0, 10), then nothing for 20 minutes, then minutes [30, 45). Partition 0 carries one
 * host, partition 1 thirty: the replay reads partition 0's event time thirty times faster, so
 * without alignment it would race ahead of partition 1. The whole backlog is on the topic before
 * the job starts. Once the job has emitted the 1m windows up to minute 43 (so the watermark is
 * past 43:59.999, and at most 44:24.999, the last sample minus the out-of-orderness), partition 1
 * gets three samples of minutes 2–4, beyond the 1m allowed lateness, which must be exactly the late
 * rows, and a straggler's second sample at 43:58, within it, which must re-emit its fired 1m
 * window as a correction (revision 1) that replaces the first result in the still open 5m window.
 * The job then stops with a drained savepoint, which fires every remaining window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PauseAndReplayITCase {

    private static final long MINUTE = 60_000;
    private static final int FAST_HOSTS = 1;
    private static final int SLOW_HOSTS = 30;
    private static final int HOSTS = FAST_HOSTS + SLOW_HOSTS;
    /** Ticks of 10 s: minutes [0, 10) and [30, 45); the 20 minutes between are the pause. */
    private static final int[][] TICK_RANGES = {{0, 60}, {180, 270}};
    private static final int[] LATE_MINUTES = {2, 3, 4};
    /** The straggler's samples: one in the backlog, one after its window fired (within the allowed lateness). */
    private static final long STRAGGLER_ON_TIME = 43 * MINUTE + 50_000;
    private static final long STRAGGLER_WITHIN_LATENESS = 43 * MINUTE + 58_000;

    private final String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    private final long t0 = (System.currentTimeMillis() / (60 * MINUTE) - 3) * 60 * MINUTE;
    private final HostTicks fleet = new HostTicks(run, HOSTS, t0);

    private Path cold;
    private Map<String, Long> counters;
    private Map<String, List<GenericRecord>> rows = new TreeMap<>();

    @BeforeAll
    void replayBacklogThenSendLateSamples(@TempDir Path dir) throws Exception {
        String kafka = Components.kafkaBootstrap();
        cold = Files.createDirectory(dir.resolve("cold"));
        String topic = "strata-" + run;
        KafkaTopics.create(kafka, topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int[] range : TICK_RANGES) {
                for (int tick = range[0]; tick < range[1]; tick++) {
                    for (int host = 0; host < HOSTS; host++) {
                        producer.send(new ProducerRecord<>(topic, partitionOf(host), null, fleet.frame(host, tick)));
                    }
                }
            }
            producer.send(new ProducerRecord<>(topic, 1, null, stragglerFrame(STRAGGLER_ON_TIME, 1)));
        }

        LabelPolicy policy = LabelPolicy.platformDefault();
        // Overload shedding off: the samples are hours old by design, which is not overload.
        EnforcementSettings enforcement = new EnforcementSettings(TenantLimitsTable.platformDefault(), 300, Duration.ofMinutes(15),
                4, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy).enforcement(enforcement).build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(500));
        KafkaSourceSettings source = new KafkaSourceSettings(kafka, topic, run, true, false /* unbounded */, "default", new Properties());
        StrataPipeline.assemble(env, settings, Sources.kafka(source), Sinks.builder().cold(cold.toUri().toString()).build());

        UnboundedJobs.Running job = UnboundedJobs.start(env, "strata pause and replay " + run);
        // 24 windows per fleet series end by minute 44, plus the straggler's: once they are out, the watermark is past 43:59.999.
        long windowsToMinute44 = HOSTS * 2L * 24 + 1;
        job.awaitCounters(c -> c.getOrDefault(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "1m"), 0L) >= windowsToMinute44,
                Duration.ofMinutes(2), "the 1m windows up to minute 43 are emitted");
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int minute : LATE_MINUTES) {
                producer.send(new ProducerRecord<>(topic, 1, null, lateFrame(minute)));
            }
            producer.send(new ProducerRecord<>(topic, 1, null, stragglerFrame(STRAGGLER_WITHIN_LATENESS, 2)));
        }
        job.awaitCounters(c -> c.getOrDefault(Accounting.key(Accounting.SAMPLES_LATE, "resolution", "1m"), 0L) >= LATE_MINUTES.length
                        && c.getOrDefault(Accounting.key(Accounting.ROLLUP_CORRECTIONS, "resolution", "1m"), 0L) >= 1,
                Duration.ofMinutes(1), "the late samples are counted and the straggler's windows corrected");
        counters = job.stop(dir.resolve("savepoints"), true /* drain */);
        System.out.println("PauseAndReplayITCase accounting: " + counters);
        for (String dataset : List.of("resolution=1m", "resolution=5m", "resolution=1h", "late")) {
            rows.put(dataset, ParquetFiles.rows(cold.resolve(dataset)));
        }
    }

    private static int partitionOf(int host) {
        return host < FAST_HOSTS ? 0 : 1;
    }

    /** A backfilled gauge of a host on partition 1, for minute {@code minute}: value = the minute. */
    private byte[] lateFrame(int minute) {
        return FrameBuilder.frame()
                .series("__name__", "it_backfill", "cluster", run, "instance", fleet.host(HOSTS - 1) + ":9100", "job", "it")
                .sample(lateTimestamp(minute), minute)
                .build();
    }

    /** A gauge on partition 1 that sends only around 43:50. */
    private byte[] stragglerFrame(long offsetMillis, double value) {
        return FrameBuilder.frame()
                .series("__name__", "it_straggler", "cluster", run, "instance", fleet.host(HOSTS - 1) + ":9100", "job", "it")
                .sample(t0 + offsetMillis, value)
                .build();
    }

    private long lateTimestamp(int minute) {
        return t0 + minute * MINUTE + 7_000;
    }

    private long samplesSent() {
        long samples = 0;
        for (int[] range : TICK_RANGES) {
            samples += fleet.samples(range[0], range[1]);
        }
        return samples;
    }

    /** The minutes holding samples: [0, 10) and [30, 45). */
    private static List<Integer> minutesWithData() {
        return IntStream.concat(IntStream.range(0, 10), IntStream.range(30, 45)).boxed().toList();
    }

    @Test
    void everyWindow_holdsExactlyTheSamplesSentForIt_firedOnceOnTime() {
        // Six ticks per minute and series; a window that fired early would miss some (and re-emit or lose them).
        Map<String, Long> expectedCount = Map.of("resolution=1m", 6L, "resolution=5m", 30L, "resolution=1h", 150L);
        Map<String, Long> expectedWindowsPerSeries = Map.of("resolution=1m", 25L, "resolution=5m", 5L, "resolution=1h", 1L);
        expectedCount.forEach((dataset, count) -> {
            List<GenericRecord> fleetRows = rows.get(dataset).stream().filter(r -> r.get("metric").toString().matches("it_load|it_ops_total")).toList();
            assertThat(fleetRows).as(dataset).hasSize((int) (HOSTS * 2 * expectedWindowsPerSeries.get(dataset)))
                    .allSatisfy(r -> {
                        assertThat(r.get("count")).as(dataset + " " + r).isEqualTo(count);
                        assertThat(r.get("revision")).as(dataset + " " + r).isEqualTo(0);
                    });
        });
        assertThat(rows.get("resolution=1m").stream().filter(r -> r.get("metric").toString().equals("it_load"))
                .map(r -> (int) (((Long) r.get("window_start") - t0) / MINUTE)).distinct().sorted().toList())
                .as("no window in the pause").isEqualTo(minutesWithData());
        assertThat(counters)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "1m"), HOSTS * 2L * 25 + 1)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "5m"), HOSTS * 2L * 5 + 1)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "1h"), HOSTS * 2L + 1)
                .containsEntry(Accounting.key(Accounting.ROLLUP_CORRECTIONS, "resolution", "1m"), 1L)
                .containsEntry(Accounting.key(Accounting.ROLLUP_CORRECTIONS, "resolution", "5m"), 0L)
                .containsEntry(Accounting.key(Accounting.ROLLUP_CORRECTIONS, "resolution", "1h"), 0L);
    }

    @Test
    void sampleWithinAllowedLateness_reEmitsCorrectedWindows_coarserResultsFromTheCorrection() {
        assertThat(rows.get("resolution=1m")).filteredOn(r -> r.get("metric").toString().equals("it_straggler"))
                .as("the on-time result, then the corrected one")
                .extracting(r -> (Integer) r.get("revision"), r -> (Long) r.get("count"), r -> (Double) r.get("max"))
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, 1L, 1.0), org.assertj.core.groups.Tuple.tuple(1, 2L, 2.0));
        // The 5m and 1h windows fired after the correction: one result each, made of the corrected
        // 1m result, which replaced the first one (count 2, not 1 + 2).
        for (String dataset : List.of("resolution=5m", "resolution=1h")) {
            assertThat(rows.get(dataset)).filteredOn(r -> r.get("metric").toString().equals("it_straggler")).as(dataset)
                    .extracting(r -> (Integer) r.get("revision"), r -> (Long) r.get("count"), r -> (Double) r.get("sum"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 2L, 3.0));
        }
    }

    @Test
    void counterIncrease_addsUpAcrossResolutions_toLastMinusFirst() {
        // it_ops_total is tick·(tick+1)/2: from tick 0 (value 0) to tick 269 (36,315) without reset.
        double total = 269 * 270 / 2.0;
        for (String dataset : List.of("resolution=1m", "resolution=5m", "resolution=1h")) {
            Map<String, Double> increaseByHost = rows.get(dataset).stream()
                    .filter(r -> r.get("metric").toString().equals("it_ops_total"))
                    .collect(Collectors.groupingBy(r -> r.get("labels").toString(), Collectors.summingDouble(r -> (Double) r.get("increase"))));
            assertThat(increaseByHost).as(dataset).hasSize(HOSTS).allSatisfy((host, increase) -> assertThat(increase).isEqualTo(total));
        }
        assertThat(rows.get("resolution=1h")).filteredOn(r -> r.get("metric").toString().equals("it_load"))
                .allSatisfy(r -> {
                    assertThat(r.get("max")).isEqualTo(269.0);
                    assertThat(r.get("min")).isEqualTo(0.0);
                });
    }

    @Test
    void lateDataset_holdsExactlyTheSamplesSentBeyondAllowedLateness() {
        List<GenericRecord> late = rows.get("late");
        assertThat(late).extracting(r -> r.get("metric").toString(), r -> (Long) r.get("timestamp"), r -> (Double) r.get("value"))
                .containsExactlyInAnyOrderElementsOf(IntStream.of(LATE_MINUTES)
                        .mapToObj(m -> org.assertj.core.groups.Tuple.tuple("it_backfill", lateTimestamp(m), (double) m)).toList());
        assertThat(late).allSatisfy(r -> {
            assertThat(r.get("resolution").toString()).isEqualTo("1m");
            assertThat((Long) r.get("watermark")).isGreaterThanOrEqualTo(t0 + 40 * MINUTE);
        });
        assertThat(rows.get("resolution=1m")).noneSatisfy(r -> assertThat(r.get("metric").toString()).isEqualTo("it_backfill"));
    }

    @Test
    void accounting_everySampleReadIsInAWindowOrLate() {
        long sent = samplesSent() + LATE_MINUTES.length + 2;
        long rejected = counters.entrySet().stream().filter(e -> e.getKey().startsWith(Accounting.SAMPLES_REJECTED + "{"))
                .mapToLong(Map.Entry::getValue).sum();
        long late = counters.get(Accounting.key(Accounting.SAMPLES_LATE, "resolution", "1m"));
        // A corrected window's final result is its highest revision.
        long inWindows = rows.get("resolution=1m").stream()
                .collect(Collectors.toMap(r -> r.get("series_id") + "@" + r.get("window_start"), r -> r, (a, b) ->
                        (Integer) a.get("revision") > (Integer) b.get("revision") ? a : b))
                .values().stream().mapToLong(r -> (Long) r.get("count")).sum();

        assertThat(rejected).isZero();
        assertThat(counters).containsEntry(Accounting.SAMPLES_ACCEPTED, sent);
        assertThat(late).isEqualTo(LATE_MINUTES.length);
        assertThat(inWindows + late).isEqualTo(sent);
        assertThat(rows.get("late")).hasSize((int) late);
    }
}
