package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.source.FrameSource;
import io.strata.pipeline.testutils.FrameBuilder;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.PrometheusClient;
import io.strata.tests.testutils.PrometheusClient.Point;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real components, for any source: known remote_write frames
 * on a real stream → the job in a MiniCluster → raw samples and 1m rollups in a real Prometheus
 * 2.42, rollup and rejected rows in Parquet, every rejection counted by reason, PII nowhere.
 *
 * <p>A subclass puts {@link #frames()} on its stream (host h1 and host h2 on different
 * partitions or shards, each host's frames in order) and runs the job to the end of its input;
 * the expectations are the same for every source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WalkingSkeletonScenario {

    static final String PII_CANARY = "CANARY-PII-7731";
    static final long MINUTE = 60_000;
    static final long TICK = 15_000;
    static final double[] TEMPERATURE = {50, 52, 49, 55, 53, 51, 58, 54, 50};
    static final double[] REQUESTS = {100, 110, 125, 130, 5, 20, 40, 41, 60};
    static final double[] QUEUE_DEPTH = {3, 7, 1, 9, 4, 4, 2, 8, 6};
    /** Every sample and frame the scenario sends ends up counted: 27 accepted, 10 samples and 3 frames rejected. */
    static final long ACCOUNTED = 27 + 10 + 3;

    /** One frame to put on the stream; {@code tenant} is {@code null} for the source's default tenant. */
    record Frame(String host, String tenant, byte[] payload) {}

    final String run = "it-" + UUID.randomUUID().toString().substring(0, 8);
    /** A minute boundary ten minutes ago: recent enough for Prometheus to accept every sample. */
    final long t0 = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;

    /** Where the job writes its Parquet datasets. */
    Path cold;
    /** Scratch space for a subclass, outside {@link #cold} (e.g. savepoints). */
    Path scratch;

    Map<String, Long> counters;
    PrometheusClient prometheus;

    /** Puts {@code frames} on a fresh stream, each host's frames in order. */
    abstract void produce(List<Frame> frames) throws Exception;

    /** The configured source on the stream {@link #produce} wrote. */
    abstract FrameSource source();

    /** Executes the job built on {@code env} until its whole input is read and every window has fired. */
    abstract Map<String, Long> execute(StreamExecutionEnvironment env, String jobName) throws Exception;

    @BeforeAll
    void runJobOnKnownFrames(@TempDir Path dir) throws Exception {
        cold = Files.createDirectory(dir.resolve("cold"));
        scratch = Files.createDirectory(dir.resolve("scratch"));
        prometheus = new PrometheusClient(Components.prometheusUrl());
        produce(frames());

        // The same local MiniCluster as `strata run`: no Kryo fallback, uids required, the accounting
        // reporter. (MiniClusterExtension's cluster hands task metrics to no configured reporter.)
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofMillis(500));
        StrataPipeline.assemble(env, StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build(), source(),
                Sinks.builder()
                        .hot(new RemoteWriteSink(RemoteWriteSettings.of(URI.create(prometheus.writeUrl()))))
                        .cold(cold.toUri().toString())
                        .build());

        counters = execute(env, "strata e2e " + run);
    }

    /** Host h1 (default tenant) and host h2 (tenant team-b), nine ticks each, plus bad input from h1. */
    List<Frame> frames() throws Exception {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < TEMPERATURE.length; i++) {
            long ts = t0 + 5_000 + i * TICK;
            frames.add(new Frame("h1", null, FrameBuilder.frame()
                    .series("__name__", "it_temp_celsius", "cluster", run, "instance", "h1:9100", "job", "it", "region", "eu-west-1")
                    .sample(ts, TEMPERATURE[i])
                    .series("__name__", "it_requests_total", "cluster", run, "instance", "h1:9100", "job", "it", "region", "eu-west-1")
                    .sample(ts, REQUESTS[i])
                    .build()));
            frames.add(new Frame("h2", "team-b", FrameBuilder.frame()
                    .series("__name__", "it_queue_depth", "cluster", run, "instance", "h2:9100", "job", "it", "queue", "ranked", "region", "us-east-1")
                    .sample(ts + 300, QUEUE_DEPTH[i])
                    .build()));
            if (i == 2) {
                for (byte[] bad : badFrames(ts)) {
                    frames.add(new Frame("h1", null, bad));
                }
            }
        }
        return frames;
    }

    private List<byte[]> badFrames(long ts) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        frames.add(FrameBuilder.frame()
                .series("__name__", "it_login_total", "cluster", run, "instance", "h1:9100", "job", "it", "player_id", PII_CANARY)
                .sample(ts, 1).sample(ts + 1, 2)
                .series("__name__", "it_debug_rtt", "cluster", run, "job", "it", "session_id", "s-1").sample(ts, 12)
                .series("__name__", "it_gc_pause", "cluster", run, "job", "it", "quantile", "0.99").sample(ts, 0.004)
                .series("__name__", "it_nan_gauge", "cluster", run, "job", "it").sample(ts, Double.NaN)
                .series("__name__", "it_future", "cluster", run, "job", "it").sample(System.currentTimeMillis() + 2 * 3_600_000, 1)
                .series("__name__", "it_ancient", "cluster", run, "job", "it").sample(631_152_000_000L, 1)
                .seriesUnsorted("job", "it", "__name__", "it_unsorted", "player_id", PII_CANARY).sample(ts, 1)
                .seriesUnsorted("__name__", "it_dup", "job", "a", "job", "b").sample(ts, 1)
                .series("job", "it", "cluster", run).sample(ts, 1)
                .build());
        frames.add(new byte[0]);
        frames.add("definitely not snappy".getBytes(StandardCharsets.UTF_8));
        frames.add(org.xerial.snappy.Snappy.compress(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}));
        return frames;
    }

    /** True once every sample and frame sent is counted somewhere, i.e. the source has read all of them. */
    static boolean everythingAccounted(Map<String, Long> c) {
        long total = c.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L);
        for (Map.Entry<String, Long> e : c.entrySet()) {
            if (e.getKey().startsWith(Accounting.SAMPLES_REJECTED + "{") || e.getKey().startsWith(Accounting.FRAMES_REJECTED + "{")) {
                total += e.getValue();
            }
        }
        return total >= ACCOUNTED;
    }

    @Test
    void rejections_countedByReason_exactlyAsSent() {
        Map<String, Long> expectedSamples = Map.of(
                "forbidden_label", 2L, "label_not_allowed", 1L, "summary_not_supported", 1L, "nan_value", 1L,
                "timestamp_too_far_in_future", 1L, "timestamp_invalid", 1L, "unsorted_labels", 1L,
                "duplicate_label_name", 1L, "missing_metric_name", 1L);
        expectedSamples.forEach((reason, n) ->
                assertThat(counters).containsEntry(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", reason), n));
        assertThat(counters.entrySet().stream()
                .filter(e -> e.getKey().startsWith(Accounting.SAMPLES_REJECTED + "{"))
                .mapToLong(Map.Entry::getValue).sum()).isEqualTo(10);
        for (String reason : List.of("empty_frame", "bad_snappy", "bad_protobuf")) {
            assertThat(counters).containsEntry(Accounting.key(Accounting.FRAMES_REJECTED, "reason", reason), 1L);
        }
        long fiveMinuteWindows = fiveMinuteWindows();
        assertThat(counters).containsEntry(Accounting.SAMPLES_ACCEPTED, 27L)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "1m"), 9L)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "5m"), 3 * fiveMinuteWindows)
                .containsEntry(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", "1h"), 3 * oneHourWindows())
                .containsEntry(Accounting.key(Accounting.ROLLUP_CORRECTIONS, "resolution", "1m"), 0L)
                .containsEntry(Accounting.key(Accounting.SAMPLES_LATE, "resolution", "1m"), 0L)
                .containsEntry(Accounting.key(Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "reason", "receiver_rejected"), 0L)
                .containsEntry(Accounting.key(Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "reason", "invalid_label_name"), 0L)
                // 27 raw; 1m rollups: two gauges × 3 windows × 5 aggregates, one counter × 3 windows;
                // 5m rollups likewise over the one or two 5m windows the three minutes fall in.
                .containsEntry(Accounting.REMOTE_WRITE_SAMPLES_SENT, 27L + 30 + 3 + fiveMinuteWindows * 11);
    }

    @Test
    void rejectedDataset_holdsEveryRejectionWithReason() throws Exception {
        List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("rejected"));
        Map<String, Long> samplesByReason = rows.stream().collect(Collectors.groupingBy(
                r -> r.get("reason").toString(), Collectors.summingLong(r -> (Long) r.get("samples"))));
        Map<String, Long> rowsByReason = rows.stream().collect(Collectors.groupingBy(r -> r.get("reason").toString(), Collectors.counting()));

        assertThat(samplesByReason).containsEntry("forbidden_label", 2L).containsEntry("unsorted_labels", 1L)
                .containsEntry("missing_metric_name", 1L).containsEntry("timestamp_invalid", 1L);
        assertThat(rowsByReason).containsEntry("empty_frame", 1L).containsEntry("bad_snappy", 1L).containsEntry("bad_protobuf", 1L);
        assertThat(rows.stream().filter(r -> r.get("reason").toString().equals("forbidden_label")))
                .allSatisfy(r -> assertThat(r.get("redacted_labels").toString()).contains("player_id"));
    }

    @Test
    void piiCanary_appearsInNoOutput() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(cold)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(PII_CANARY);
        }
        for (String dataset : List.of("rejected", "resolution=1m", "resolution=5m", "resolution=1h", "late")) {
            assertThat(ParquetFiles.rows(cold.resolve(dataset))).allSatisfy(r -> assertThat(r.toString()).doesNotContain(PII_CANARY));
        }
        assertThat(prometheus.labelValues("player_id")).doesNotContain(PII_CANARY);
        assertThat(prometheus.samples("{cluster=\"" + run + "\", __name__=~\"it_login_total|it_unsorted\"}", "1h", System.currentTimeMillis()))
                .isEmpty();
    }

    @Test
    void prometheus_holdsExactlyTheAcceptedRawSamples() throws Exception {
        Map<String, List<Point>> stored = prometheus.samples("{cluster=\"" + run + "\", __name__=~\"it_[a-z_]+\"}", "1h", System.currentTimeMillis());

        String h1 = ",cluster=\"" + run + "\",instance=\"h1:9100\",job=\"it\",region=\"eu-west-1\"}";
        String h2 = "{cluster=\"" + run + "\",instance=\"h2:9100\",job=\"it\",queue=\"ranked\",region=\"us-east-1\"}";
        assertThat(stored).containsOnlyKeys("it_temp_celsius{" + h1.substring(1), "it_requests_total{" + h1.substring(1), "it_queue_depth" + h2);
        assertThat(stored.get("it_temp_celsius{" + h1.substring(1))).containsExactlyElementsOf(points(TEMPERATURE, 0));
        assertThat(stored.get("it_requests_total{" + h1.substring(1))).containsExactlyElementsOf(points(REQUESTS, 0));
        assertThat(stored.get("it_queue_depth" + h2)).containsExactlyElementsOf(points(QUEUE_DEPTH, 300));
    }

    @Test
    void prometheus_holdsOneMinuteRollups_stampedAtWindowEnd() throws Exception {
        Map<String, List<Point>> stored = prometheus.samples("{cluster=\"" + run + "\", __name__=~\"it_.+:.+_1m\"}", "1h", System.currentTimeMillis());
        Map<String, List<Point>> byName = new HashMap<>();
        stored.forEach((series, points) -> byName.put(series.substring(0, series.indexOf('{')), points));

        // Windows [T0, T0+1m): samples 0..3, [T0+1m, T0+2m): 4..7, [T0+2m, T0+3m): 8.
        long[] ends = {t0 + MINUTE, t0 + 2 * MINUTE, t0 + 3 * MINUTE};
        assertThat(byName.get("it_temp_celsius:max_1m")).containsExactly(p(ends[0], 55), p(ends[1], 58), p(ends[2], 50));
        assertThat(byName.get("it_temp_celsius:min_1m")).containsExactly(p(ends[0], 49), p(ends[1], 51), p(ends[2], 50));
        assertThat(byName.get("it_temp_celsius:sum_1m")).containsExactly(p(ends[0], 206), p(ends[1], 216), p(ends[2], 50));
        assertThat(byName.get("it_temp_celsius:count_1m")).containsExactly(p(ends[0], 4), p(ends[1], 4), p(ends[2], 1));
        assertThat(byName.get("it_temp_celsius:last_1m")).containsExactly(p(ends[0], 55), p(ends[1], 54), p(ends[2], 50));
        // 100→110→125→130 (+30); reset to 5 (+5), →20→40→41 (+36: 41 in all); →60 (+19). 30+41+19 = 90 = 60 − 5 + 130 − 100 + 5.
        assertThat(byName.get("it_requests_total:increase_1m")).containsExactly(p(ends[0], 30), p(ends[1], 41), p(ends[2], 19));
        assertThat(byName.get("it_queue_depth:max_1m")).containsExactly(p(ends[0], 9), p(ends[1], 8), p(ends[2], 6));
    }

    @Test
    void parquet_holdsRollupRowsInTheDesignLayout() throws Exception {
        List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("resolution=1m"));
        assertThat(rows).hasSize(9);
        assertThat(ParquetFiles.committed(cold.resolve("resolution=1m")))
                .allSatisfy(f -> assertThat(cold.relativize(f).toString())
                        .matches("resolution=1m/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/part-.*\\.parquet"));

        GenericRecord requests = rows.stream()
                .filter(r -> r.get("metric").toString().equals("it_requests_total") && (Long) r.get("window_start") == t0 + MINUTE)
                .findFirst().orElseThrow();
        assertThat(requests.get("kind").toString()).isEqualTo("counter");
        assertThat(requests.get("tenant").toString()).isEqualTo("default");
        assertThat(requests.get("region").toString()).isEqualTo("eu-west-1");
        assertThat(requests.get("increase")).isEqualTo(41.0);
        assertThat(requests.get("first_raw")).isEqualTo(5.0);
        assertThat(requests.get("last_raw")).isEqualTo(41.0);
        assertThat(requests.get("resets")).isEqualTo(1L);
        assertThat(requests.get("count")).isEqualTo(4L);
        assertThat(requests.get("window_end")).isEqualTo(t0 + 2 * MINUTE);

        GenericRecord queue = rows.stream()
                .filter(r -> r.get("metric").toString().equals("it_queue_depth") && (Long) r.get("window_start") == t0)
                .findFirst().orElseThrow();
        assertThat(queue.get("tenant").toString()).isEqualTo("team-b");
        assertThat(queue.get("kind").toString()).isEqualTo("gauge");
        assertThat(queue.get("min")).isEqualTo(1.0);
        assertThat(queue.get("max")).isEqualTo(9.0);
        assertThat(queue.get("sum")).isEqualTo(20.0);
        assertThat(queue.get("last")).isEqualTo(9.0);
        assertThat(queue.get("increase")).isNull();
        assertThat(queue.get("labels").toString()).contains("queue=ranked");
    }

    @Test
    void prometheusAndParquet_holdFiveMinuteAndOneHourRollups_mergedFromOneMinute() throws Exception {
        Map<String, List<Point>> stored = prometheus.samples("{cluster=\"" + run + "\", __name__=~\"it_.+:.+_5m\"}", "1h", System.currentTimeMillis());
        Map<String, List<Point>> byName = new HashMap<>();
        stored.forEach((series, points) -> byName.put(series.substring(0, series.indexOf('{')), points));

        // The 5m increases add up to the 1m ones (30 + 41 + 19), the 5m max is the max of all temperatures.
        assertThat(byName.get("it_requests_total:increase_5m")).hasSize((int) fiveMinuteWindows())
                .allSatisfy(p -> assertThat(p.timestampEpochMillis() % (5 * MINUTE)).isZero());
        assertThat(byName.get("it_requests_total:increase_5m").stream().mapToDouble(Point::value).sum()).isEqualTo(90.0);
        assertThat(byName.get("it_temp_celsius:max_5m").stream().mapToDouble(Point::value).max().orElseThrow()).isEqualTo(58.0);
        assertThat(byName.get("it_temp_celsius:count_5m").stream().mapToDouble(Point::value).sum()).isEqualTo(9.0);

        for (String resolution : List.of("5m", "1h")) {
            assertThat(ParquetFiles.committed(cold.resolve("resolution=" + resolution))).isNotEmpty()
                    .allSatisfy(f -> assertThat(cold.relativize(f).toString())
                            .matches("resolution=" + resolution + "/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/part-.*\\.parquet"));
            List<GenericRecord> rows = ParquetFiles.rows(cold.resolve("resolution=" + resolution));
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("resolution").toString()).isEqualTo(resolution);
                assertThat(r.get("revision")).isEqualTo(0);
            });
            List<GenericRecord> requests = rows.stream().filter(r -> r.get("metric").toString().equals("it_requests_total")).toList();
            assertThat(requests.stream().mapToDouble(r -> (Double) r.get("increase")).sum()).as(resolution).isEqualTo(90.0);
            assertThat(requests.stream().mapToLong(r -> (Long) r.get("resets")).sum()).as(resolution).isEqualTo(1);
            assertThat(requests.stream().mapToLong(r -> (Long) r.get("count")).sum()).as(resolution).isEqualTo(9);
        }
    }

    /** 5m windows the scenario's samples (t0 + 5 s .. t0 + 2 min 5.3 s) fall in: one or two. */
    long fiveMinuteWindows() {
        return windowsSpanned(5 * MINUTE);
    }

    long oneHourWindows() {
        return windowsSpanned(60 * MINUTE);
    }

    private long windowsSpanned(long windowMillis) {
        long first = Math.floorDiv(t0 + 5_000, windowMillis);
        long last = Math.floorDiv(t0 + 5_000 + (TEMPERATURE.length - 1) * TICK + 300, windowMillis);
        return last - first + 1;
    }

    private List<Point> points(double[] values, long offsetMillis) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(t0 + 5_000 + i * TICK + offsetMillis, values[i]));
        }
        return points;
    }

    private static Point p(long ts, double value) {
        return new Point(ts, value);
    }
}
