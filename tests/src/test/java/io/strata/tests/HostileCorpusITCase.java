package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.source.KafkaFrameDeserializer;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.pipeline.testutils.FrameBuilder;
import io.strata.pipeline.testutils.TestFrames;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostileCorpus;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus ({@code src/test/resources/hostile/}) interleaved with normal game telemetry
 * on a real Kafka topic, through the whole job on RocksDB with checkpoints: the job finishes,
 * every record is accounted under its reason, no cold partition lies outside the data's and the
 * run's own hours, no PII reaches a row, and the normal data comes out exactly as it does from
 * the same topic without the hostile records.
 */
class HostileCorpusITCase {

    private static final String RUN = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long T0 = TestFrames.T0;
    private static final int HOSTS = 4;
    private static final int SERIES_PER_HOST = 25;
    private static final int SCRAPES = 60;
    private static final long NORMAL_SAMPLES = (long) HOSTS * SERIES_PER_HOST * SCRAPES;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    @TempDir
    static Path coldClean;
    @TempDir
    static Path coldHostile;

    private static List<HostileCorpus.Entry> corpus;
    private static Map<String, Long> clean;
    private static Map<String, Long> hostile;
    private static long runStart;
    private static long runEnd;
    private static long peakHeapBytes;

    @BeforeAll
    static void runBothJobs() throws Exception {
        corpus = HostileCorpus.load();
        String kafka = Components.kafkaBootstrap();
        runStart = System.currentTimeMillis();
        clean = run(kafka, "clean", false, coldClean);
        resetPeakHeap();
        hostile = run(kafka, "hostile", true, coldHostile);
        peakHeapBytes = peakHeap();
        runEnd = System.currentTimeMillis();
        System.out.printf("HostileCorpusITCase: %d hostile records; peak heap used during the hostile run %,d MiB; accounting %s%n",
                corpus.size(), peakHeapBytes >> 20, hostile);
    }

    private static Map<String, Long> run(String kafka, String name, boolean withHostile, Path cold) throws Exception {
        String topic = "strata-" + RUN + "-" + name;
        KafkaTopics.create(kafka, topic, 2);
        produce(kafka, topic, withHostile);
        // Samples are days old by design: that is a replay, not overload.
        EnforcementSettings enforcement = new EnforcementSettings(EnforcementSettings.platformDefault().tenants(), 300,
                Duration.ofMinutes(15), 4, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        LabelPolicy policy = LabelPolicy.platformDefault();
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy).enforcement(enforcement).build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(500));
        Configuration rocksDb = new Configuration();
        rocksDb.setString("state.backend.type", "rocksdb");
        env.configure(rocksDb);
        KafkaSourceSettings source = new KafkaSourceSettings(kafka, topic, RUN + "-" + name, true, true, "default", new Properties());
        StrataPipeline.assemble(env, settings, Sources.kafka(source), Sinks.builder().cold(cold.toUri().toString()).build());
        return LocalJobRunner.run(env, "strata " + name + " " + RUN, System.out);
    }

    /** Normal scrapes of 4 hosts every 10 s for 10 minutes; the hostile records among the first minute's scrapes. */
    private static void produce(String kafka, String topic, boolean withHostile) throws Exception {
        List<ProducerRecord<byte[], byte[]>> hostileRecords = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            HostileCorpus.Entry entry = corpus.get(i);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, i % 2, null, entry.payload());
            if (entry.tenantHeader() != null) {
                record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, entry.tenantHeader());
            }
            hostileRecords.add(record);
        }
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            int next = 0;
            for (int scrape = 0; scrape < SCRAPES; scrape++) {
                for (int host = 0; host < HOSTS; host++) {
                    FrameBuilder frame = FrameBuilder.frame();
                    long ts = T0 + scrape * 10_000L + host * 100;
                    for (int s = 0; s < SERIES_PER_HOST; s++) {
                        boolean counter = s % 2 == 0;
                        frame.series("__name__", counter ? "it_ticks_total" : "it_players", "instance", "normal-" + host + ":9100",
                                "job", "gameserver", "shard_id", Integer.toString(s))
                                .sample(ts, counter ? scrape * 10.0 + s : (scrape * 7 + s) % 50);
                    }
                    producer.send(new ProducerRecord<>(topic, host % 2, null, frame.build()));
                    if (withHostile && scrape < 6) {
                        for (int k = 0; k < 2 && next < hostileRecords.size(); k++) {
                            producer.send(hostileRecords.get(next++));
                        }
                    }
                }
            }
            assertThat(next).as("every hostile record interleaved").isEqualTo(withHostile ? hostileRecords.size() : 0);
        }
    }

    @Test
    void everyHostileRecord_accountedUnderItsReason() {
        Map<RejectReason, Long> frames = new HashMap<>();
        Map<RejectReason, Long> samples = new HashMap<>();
        long accepted = 0;
        long read = 0;
        for (HostileCorpus.Entry entry : corpus) {
            if (entry.frameReason() != null) {
                frames.merge(entry.frameReason(), 1L, Long::sum);
            }
            entry.samplesRejected().forEach((reason, n) -> samples.merge(reason, n, Long::sum));
            accepted += entry.samplesAccepted();
            read += entry.samplesAccepted() + entry.samplesRejected().values().stream().mapToLong(Long::longValue).sum();
        }
        frames.forEach((reason, n) -> assertThat(hostile.getOrDefault(Accounting.key(Accounting.FRAMES_REJECTED, "reason", reason.label()), 0L))
                .as("frames rejected as " + reason.label()).isEqualTo(n));
        samples.forEach((reason, n) -> assertThat(hostile.getOrDefault(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", reason.label()), 0L))
                .as("samples rejected as " + reason.label()).isEqualTo(n));
        assertThat(sum(hostile, Accounting.FRAMES_REJECTED)).isEqualTo(frames.values().stream().mapToLong(Long::longValue).sum());
        assertThat(sum(clean, Accounting.FRAMES_REJECTED) + sum(clean, Accounting.SAMPLES_REJECTED)).isZero();
        assertThat(hostile.get(Accounting.SAMPLES_ACCEPTED)).isEqualTo(clean.get(Accounting.SAMPLES_ACCEPTED) + accepted);
        // read = accepted + every rejection; frames rejected whole hold no sample that was read.
        assertThat(hostile.get(Accounting.SAMPLES_ACCEPTED) + sum(hostile, Accounting.SAMPLES_REJECTED)).isEqualTo(NORMAL_SAMPLES + read);
        assertThat(hostile.get(Accounting.FRAMES_DECODED))
                .isEqualTo(clean.get(Accounting.FRAMES_DECODED) + corpus.stream().filter(e -> e.frameReason() == null).count());
        assertThat(clean.get(Accounting.SAMPLES_ACCEPTED)).isEqualTo(NORMAL_SAMPLES);
    }

    @Test
    void normalData_comesOutExactlyAsWithoutTheHostileRecords() throws Exception {
        for (String resolution : List.of("1m", "5m", "1h")) {
            Set<String> withHostile = normalRows(coldHostile.resolve("resolution=" + resolution));
            Set<String> without = normalRows(coldClean.resolve("resolution=" + resolution));
            assertThat(without).as(resolution + " rollups of the normal hosts").isNotEmpty();
            assertThat(withHostile).as(resolution + " rollups with the hostile records interleaved").isEqualTo(without);
        }
        assertThat(hostile.getOrDefault(Accounting.SAMPLES_LATE, 0L)).isEqualTo(clean.getOrDefault(Accounting.SAMPLES_LATE, 0L));
    }

    @Test
    void noColdPartitionOutsideTheDataAndTheRunHours() throws Exception {
        Set<String> allowed = new HashSet<>();
        allowed.add(HOUR.format(Instant.ofEpochMilli(T0)));
        for (long t = runStart - 3_600_000L; t <= runEnd + 3_600_000L; t += 60_000L) {
            // The broker timestamps of this run's records, and the time of reading where those were off.
            if (t >= runStart - 60_000L && t <= runEnd + 60_000L) {
                allowed.add(HOUR.format(Instant.ofEpochMilli(t)));
            }
        }
        Set<String> partitions;
        try (Stream<Path> files = Files.walk(coldHostile)) {
            partitions = files.filter(Files::isDirectory).map(coldHostile::relativize).map(Path::toString)
                    .filter(p -> p.matches(".*dt=[^/]*/hour=[^/]*$"))
                    .map(p -> p.substring(p.indexOf("dt="))).collect(Collectors.toSet());
        }
        assertThat(partitions).isNotEmpty().isSubsetOf(allowed);
        assertThat(coldHostile.resolve("rejected")).isDirectory();
    }

    @Test
    void rejectedRows_holdNoPii_andStayCompact() throws Exception {
        List<GenericRecord> rows = ParquetFiles.rows(coldHostile.resolve("rejected"));
        assertThat(rows).isNotEmpty().hasSizeLessThan(200);
        for (GenericRecord row : rows) {
            assertThat(row.toString()).doesNotContain("p-canary-1", "203.0.113.7", "canary@example.com", "x".repeat(300));
        }
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("reason").toString()).isEqualTo("timestamp_invalid");
            assertThat(row.get("samples")).isEqualTo(300L);
        });
    }

    @Test
    void heapPeak_reported() {
        assertThat(peakHeapBytes).isPositive();
    }

    private static Set<String> normalRows(Path dir) throws Exception {
        return ParquetFiles.rows(dir).stream()
                .filter(r -> ((Map<?, ?>) r.get("labels")).entrySet().stream()
                        .anyMatch(e -> e.getKey().toString().equals("instance") && e.getValue().toString().startsWith("normal-")))
                .map(r -> String.join("|", String.valueOf(r.get("metric")), String.valueOf(new java.util.TreeMap<>((Map<?, ?>) r.get("labels"))),
                        String.valueOf(r.get("window_start")), String.valueOf(r.get("count")), String.valueOf(r.get("sum")),
                        String.valueOf(r.get("min")), String.valueOf(r.get("max")), String.valueOf(r.get("last")),
                        String.valueOf(r.get("increase")), String.valueOf(r.get("resets"))))
                .collect(Collectors.toSet());
    }

    private static long sum(Map<String, Long> counters, String name) {
        return counters.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{")).mapToLong(Map.Entry::getValue).sum();
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
