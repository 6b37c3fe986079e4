package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.source.KafkaFrameDeserializer;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.pipeline.testutils.FrameBuilder;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.PrometheusClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cardinality and rate limits end to end through Kafka: a host emitting 400 series gets exactly
 * the same 300 through in every window; a tenant sending 3× its rate is held to it; every
 * rejection is counted under its reason and tenant; PII reaches no output.
 */
class LimitsITCase {

    private static final String RUN = "lim-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PII_CANARY = "CANARY-PII-" + RUN;
    private static final long MINUTE = 60_000;
    private static final long T0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;

    private static final int NOISY_SERIES = 400;
    private static final int NOISY_SAMPLES_PER_SERIES = 6;
    private static final int BURST_RATE = 40;
    private static final int BURST_SECONDS = 120;
    private static final int BURST_SERIES = 60;
    /** 60 series × 2 samples per second = 120 samples/s, 3× the tenant's 40/s. */
    private static final int BURST_SENT = BURST_SERIES * 2 * BURST_SECONDS;

    /** Tenant "tight": 4 series over 4 shards (one each), 5 labels, values of 12 characters at most. */
    private static final int TIGHT_MAX_SERIES = 4;
    private static final int TIGHT_SERIES = 20;

    @TempDir
    static Path cold;

    private static Map<String, Long> counters;
    private static PrometheusClient prometheus;

    @BeforeAll
    static void runJob() throws Exception {
        String kafka = Components.kafkaBootstrap();
        prometheus = new PrometheusClient(Components.prometheusUrl());
        String topic = "strata-" + RUN;
        KafkaTopics.create(kafka, topic, 2);
        produce(kafka, topic);

        TenantLimits d = TenantLimits.PLATFORM_DEFAULT;
        TenantLimitsTable tenants = TenantLimitsTable.of(Map.of(
                "default", d,
                "burst", new TenantLimits(BURST_RATE, d.maxSeries(), d.maxLabelNames(), d.maxLabelValueLength(), 100),
                "tight", new TenantLimits(d.samplesPerSecond(), TIGHT_MAX_SERIES, 5, 12, 100)));
        // Overload shedding off: the test's samples are minutes old by design, which is not overload.
        EnforcementSettings enforcement = new EnforcementSettings(tenants, 300, Duration.ofMinutes(15), 4,
                Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        LabelPolicy policy = LabelPolicy.platformDefault();
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy).enforcement(enforcement).build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(500));
        KafkaSourceSettings source = new KafkaSourceSettings(kafka, topic, RUN, true, true, "default", new Properties());
        StrataPipeline.assemble(env, settings, Sources.kafka(source), Sinks.builder()
                .hot(new RemoteWriteSink(RemoteWriteSettings.of(URI.create(prometheus.writeUrl()))))
                .cold(cold.toUri().toString())
                .build());
        counters = LocalJobRunner.run(env, "strata limits " + RUN, System.out);
        System.out.println("LimitsITCase accounting: " + counters);
    }

    private static void produce(String kafka, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            // Host "noisy" (default tenant, partition 0): 400 series, one frame every 30 s, series 0..399 in order.
            for (int k = 0; k < NOISY_SAMPLES_PER_SERIES; k++) {
                FrameBuilder frame = FrameBuilder.frame();
                for (int i = 0; i < NOISY_SERIES; i++) {
                    frame.series("__name__", "it_entity_updates_total", "cluster", RUN, "instance", "noisy:9100", "job", "it",
                            "shard_id", Integer.toString(i)).sample(T0 + 5_000 + k * 30_000L, 10.0 * k + i);
                }
                producer.send(new ProducerRecord<>(topic, 0, null, frame.build()));
            }
            // Host "t1" (tenant tight, partition 1): 20 series of 5 labels, one of 6 labels, one with a long value.
            FrameBuilder tight = FrameBuilder.frame();
            for (int s = 0; s < TIGHT_SERIES; s++) {
                tight.series("__name__", "it_tight_" + s, "cluster", RUN, "instance", "t1", "job", "it").sample(T0 + 1_000, s);
            }
            tight.series("__name__", "it_tight", "cluster", RUN, "instance", "t1", "job", "it", "queue", "q", "region", "r").sample(T0 + 1_000, 1);
            tight.series("__name__", "it_tight_long_value_name", "cluster", RUN, "instance", "t1", "job", "it").sample(T0 + 1_000, 1);
            ProducerRecord<byte[], byte[]> tightRecord = new ProducerRecord<>(topic, 1, null, tight.build());
            tightRecord.headers().add(KafkaFrameDeserializer.TENANT_HEADER, "tight".getBytes(StandardCharsets.UTF_8));
            producer.send(tightRecord);
            // Host "b1" (tenant burst, partition 1): 60 series × 2 samples per second for 120 s.
            for (int second = 0; second < BURST_SECONDS; second++) {
                FrameBuilder frame = FrameBuilder.frame();
                for (int s = 0; s < BURST_SERIES; s++) {
                    long ts = T0 + second * 1_000L;
                    frame.series("__name__", "it_actions_total", "cluster", RUN, "instance", "b1:9100", "job", "it",
                            "queue", "q" + s).sample(ts, second * 2.0).sample(ts + 500, second * 2.0 + 1);
                }
                if (second == 7) {
                    frame.series("__name__", "it_login_total", "cluster", RUN, "instance", "b1:9100", "job", "it",
                            "player_id", PII_CANARY).sample(T0 + second * 1_000L, 1);
                }
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 1, null, frame.build());
                record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, "burst".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
    }

    @Test
    void hostOver300Series_exactlyTheFirst300GetThrough_countedByReasonAndTenant() throws Exception {
        int rejected = (NOISY_SERIES - 300) * NOISY_SAMPLES_PER_SERIES;
        assertThat(counters)
                .containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "host_series_limit"), (long) rejected)
                .containsEntry(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "default", "reason", "host_series_limit"), (long) rejected);

        Map<String, List<PrometheusClient.Point>> stored =
                prometheus.samples("it_entity_updates_total{cluster=\"" + RUN + "\"}", "1h", System.currentTimeMillis());
        assertThat(stored).hasSize(300);
        assertThat(stored.values()).allSatisfy(points -> assertThat(points).hasSize(NOISY_SAMPLES_PER_SERIES));
        assertThat(shardIds(stored.keySet())).isEqualTo(range(0, 300));
    }

    @Test
    void hostOver300Series_theSame300InEveryWindow() throws Exception {
        Map<Long, Set<String>> seriesByWindow = ParquetFiles.rows(cold.resolve("resolution=1m")).stream()
                .filter(r -> r.get("metric").toString().equals("it_entity_updates_total"))
                .collect(Collectors.groupingBy(r -> (Long) r.get("window_start"),
                        Collectors.mapping(r -> r.get("shard_id").toString(), Collectors.toCollection(TreeSet::new))));
        assertThat(seriesByWindow).containsOnlyKeys(T0, T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(seriesByWindow.values()).allSatisfy(ids -> assertThat(ids).isEqualTo(range(0, 300)));

        List<GenericRecord> rejectedRows = ParquetFiles.rows(cold.resolve("rejected")).stream()
                .filter(r -> r.get("reason").toString().equals("host_series_limit")).toList();
        // One row per series and reason (merged per checkpoint), its samples adding up.
        assertThat(rejectedRows.stream().mapToLong(r -> (Long) r.get("samples")).sum())
                .isEqualTo((long) (NOISY_SERIES - 300) * NOISY_SAMPLES_PER_SERIES);
        assertThat(rejectedRows).hasSizeBetween(NOISY_SERIES - 300, (NOISY_SERIES - 300) * NOISY_SAMPLES_PER_SERIES)
                .allSatisfy(r -> assertThat(Integer.parseInt(((Map<?, ?>) r.get("labels")).entrySet().stream()
                        .filter(e -> e.getKey().toString().equals("shard_id")).findFirst().orElseThrow().getValue().toString()))
                        .isGreaterThanOrEqualTo(300));
    }

    @Test
    void tenantAtThreeTimesItsRate_heldToItsRate_restCounted() {
        long limited = counters.get(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "samples_rate_limit"));
        long admitted = BURST_SENT - limited;
        // 40 samples/s for 120 s, plus one second of burst per shard.
        assertThat((double) admitted).isCloseTo(BURST_RATE * BURST_SECONDS, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(counters).containsEntry(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "burst", "reason", "samples_rate_limit"), limited);
        // Every sample read is accepted or rejected under exactly one reason.
        long read = NOISY_SERIES * NOISY_SAMPLES_PER_SERIES + BURST_SENT + 1 + TIGHT_SERIES + 2;
        long rejected = counters.entrySet().stream().filter(e -> e.getKey().startsWith(Accounting.SAMPLES_REJECTED + "{"))
                .mapToLong(Map.Entry::getValue).sum();
        assertThat(counters.get(Accounting.SAMPLES_ACCEPTED) + rejected).isEqualTo(read);
        long tightAdmitted = TIGHT_SERIES - counters.get(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "max_series"));
        assertThat(counters).containsEntry(Accounting.SAMPLES_ACCEPTED, 300L * NOISY_SAMPLES_PER_SERIES + admitted + tightAdmitted)
                .containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "forbidden_label"), 1L);
    }

    @Test
    void labelLimitsAndSeriesBudget_countedExactlyPerReasonAndTenant() {
        assertThat(counters)
                .containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "max_label_names"), 1L)
                .containsEntry(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "tight", "reason", "max_label_names"), 1L)
                .containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "max_label_value_length"), 1L)
                .containsEntry(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "tight", "reason", "max_label_value_length"), 1L);
        // A shard admits ⌈4 / 4⌉ = 1 series: as many series get in as shards are hit (at most 4), the rest are counted.
        long overBudget = counters.get(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "tight", "reason", "max_series"));
        assertThat(TIGHT_SERIES - overBudget).isBetween(1L, (long) TIGHT_MAX_SERIES);
        assertThat(counters).containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "max_series"), overBudget);
    }

    @Test
    void piiCanary_appearsInNoOutput() throws Exception {
        try (var files = Files.walk(cold)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(PII_CANARY);
            }
        }
        assertThat(ParquetFiles.rows(cold.resolve("rejected"))).allSatisfy(r -> assertThat(r.toString()).doesNotContain(PII_CANARY));
        assertThat(prometheus.labelValues("player_id")).doesNotContain(PII_CANARY);
        assertThat(counters.keySet()).allSatisfy(key -> assertThat(key).doesNotContain(PII_CANARY));
    }

    private static Set<String> shardIds(Set<String> series) {
        return series.stream().map(s -> s.replaceAll(".*shard_id=\"(\\d+)\".*", "$1")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(Integer::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
