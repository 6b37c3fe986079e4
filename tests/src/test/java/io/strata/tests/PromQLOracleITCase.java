package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.pipeline.testutils.CollectingSink;
import io.strata.pipeline.testutils.TestFrames;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.OracleFleet;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.PrometheusClient;
import io.strata.tests.testutils.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromQL as the oracle: the same raw samples (1,248 series, 3 hours of event time, {@link
 * OracleFleet}) are written to a Prometheus 2.42 of this test's own and fed through Strata over
 * Kafka; every 1m, 5m and 1h rollup row Strata writes must equal what PromQL computes on that
 * Prometheus for the same series and window, and every recording rule's result (the platform's
 * forms: quantiles of classic and native histograms, rates, increases and {@code *_over_time}
 * aggregated by labels, every 30 s) must equal PromQL's value of its expression at that time.
 *
 * <p>How each rollup is compared, for a window {@code [s, s + W)}:
 * <ul>
 *   <li>gauge min/max/sum/count/last: {@code <agg>_over_time(x[W - 1ms])} at {@code s + W - 1ms},
 *       whose range (closed at both ends in 2.42) is exactly the window; equal exactly (integer
 *       values, so float sums agree in any order);
 *   <li>counter increase and resets: {@code increase(x[W])} and {@code resets(x[W])} at {@code s +
 *       W - 10 s}, the window's last sample. The range then starts exactly at the previous window's
 *       last sample and ends exactly at this one's, so PromQL's extrapolation does not apply (both
 *       gaps to the range ends are zero) and both sides sum the same steps, resets included: equal
 *       exactly. A series' first window is left out: Strata gives the first sample no step while
 *       PromQL extrapolates to the range start there. last_raw is {@code last_over_time}. This holds
 *       for the classic histogram's {@code _bucket}, {@code _sum} and {@code _count} counters too;
 *   <li>native histogram count and sum increase: {@code histogram_count/histogram_sum(increase(h[W]))}
 *       at the same time as counters, exactly; p50/p90/p95/p99: {@code histogram_quantile(q,
 *       increase(h[W]))} within the relative width of a schema-3 bucket (2^(1/8) − 1): 2.42
 *       interpolates linearly inside the bucket, Strata log-linearly.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromQLOracleITCase {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final int HOSTS = 8;
    private static final int TICKS = 3 * 360;
    private static final int ORACLE_PORT = Integer.parseInt(System.getenv().getOrDefault("STRATA_ORACLE_PROMETHEUS_PORT", "19097"));
    private static final Path ORACLE_RUN_DIR = Scripts.REPO.resolve("tests/target/oracle-prometheus");
    private static final double NATIVE_BUCKET_WIDTH = Math.pow(2, Math.pow(2, -OracleFleet.NATIVE_SCHEMA)) - 1;
    private static final Map<String, Long> WINDOWS = Map.of("1m", MINUTE, "5m", 5 * MINUTE, "1h", HOUR);

    /** The platform's rule forms over the oracle fleet, every 30 s; the expressions are compared with PromQL as written. */
    private static final Map<String, String> RULES = new java.util.LinkedHashMap<>();
    private static final long RULE_INTERVAL = 30_000;

    static {
        RULES.put(":oracle:tick_p95", "histogram_quantile(0.95, sum by (le,region,queue) (rate(oracle_tick_seconds_bucket[5m])))");
        RULES.put(":oracle:tick_p99", "histogram_quantile(0.99, sum by (le,region) (rate(oracle_tick_seconds_bucket[5m])))");
        RULES.put(":oracle:latency_p95", "histogram_quantile(0.95, sum by (region,queue) (rate(oracle_latency_seconds[5m])))");
        RULES.put(":oracle:latency_p50", "histogram_quantile(0.5, sum by (region) (increase(oracle_latency_seconds[5m])))");
        RULES.put(":oracle:ops_rate5m", "sum by (region) (rate(oracle_ops_total[5m]))");
        RULES.put(":oracle:ops_increase1m", "sum by (queue) (increase(oracle_ops_total[1m]))");
        RULES.put(":oracle:load_max5m", "max by (region) (max_over_time(oracle_load[5m]))");
        RULES.put(":oracle:load_min5m", "min by (queue) (min_over_time(oracle_load[5m]))");
        RULES.put(":oracle:load_avg1m", "avg by (region) (avg_over_time(oracle_load[1m]))");
        RULES.put(":oracle:load_count5m", "count by (region) (count_over_time(oracle_load[5m]))");
        RULES.put(":oracle:load_last", "sum by (region) (last_over_time(oracle_load[1m]))");
    }

    private final String run = "oracle-" + UUID.randomUUID().toString().substring(0, 8);
    /** Three whole hours, ending at least an hour ago. */
    private final long t0 = (System.currentTimeMillis() / HOUR - 4) * HOUR;
    private final OracleFleet fleet = new OracleFleet(run, HOSTS, 50, 50, 4, t0, TICKS);
    private final PrometheusClient prometheus = new PrometheusClient("http://127.0.0.1:" + ORACLE_PORT);

    private Map<String, Long> counters;
    /** resolution → "metric{labels}@window_start" → row */
    private final Map<String, Map<String, GenericRecord>> rows = new TreeMap<>();
    private long compared;
    /** rule → "labels@t" → value */
    private final Map<String, Map<String, Double>> ruleResults = new TreeMap<>();

    @BeforeAll
    void writeToPrometheusAndRunStrata(@TempDir Path dir) throws Exception {
        String kafka = Components.kafkaBootstrap();
        Components.prometheusUrl(); // the same requirement as every Prometheus test; this one starts its own
        Scripts.run("prometheus-start", oracleEnvironment());

        for (int tick = 0; tick < TICKS; tick += 30) {
            prometheus.write(TestFrames.frame(fleet.request(tick, Math.min(TICKS, tick + 30))));
        }

        String topic = "strata-" + run;
        KafkaTopics.create(kafka, topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int tick = 0; tick < TICKS; tick++) {
                for (int host = 0; host < HOSTS; host++) {
                    producer.send(new ProducerRecord<>(topic, host % 2, null, TestFrames.frame(fleet.request(host, tick, tick + 1))));
                }
            }
        }

        Path cold = Files.createDirectory(dir.resolve("cold"));
        LabelPolicy policy = LabelPolicy.platformDefault();
        // Overload shedding off: the samples are hours old by design, which is not overload.
        EnforcementSettings enforcement = new EnforcementSettings(TenantLimitsTable.platformDefault(), 300, Duration.ofMinutes(15),
                4, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy)
                .enforcement(enforcement)
                .rules(RuleSet.of(RuleFileParser.parse("oracle.yaml", rulesFile())))
                .build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(2));
        KafkaSourceSettings source = new KafkaSourceSettings(kafka, topic, run, true, true /* bounded */, "default", new Properties());
        CollectingSink<Sample> derived = new CollectingSink<>(sample -> sample.metricName().startsWith(":oracle:"));
        StrataPipeline.assemble(env, settings, Sources.kafka(source),
                Sinks.builder().derivedHot(derived).cold(cold.toUri().toString()).build());
        counters = LocalJobRunner.run(env, "strata promql oracle " + run, System.out);
        for (Sample result : derived.received()) {
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < result.labelNames().length; i++) {
                labels.put(result.labelNames()[i], result.labelValues()[i]);
            }
            labels.remove("__name__");
            String key = PrometheusClient.format(labels) + "@" + result.timestampEpochMillis();
            assertThat(ruleResults.computeIfAbsent(result.metricName(), r -> new HashMap<>()).put(key, result.value()))
                    .as("one result per rule, group and evaluation: %s %s", result.metricName(), key).isNull();
        }

        for (String resolution : WINDOWS.keySet()) {
            Map<String, GenericRecord> byWindow = new HashMap<>();
            for (GenericRecord row : ParquetFiles.rows(cold.resolve("resolution=" + resolution))) {
                String key = row.get("metric") + labels(row) + "@" + row.get("window_start");
                assertThat(byWindow.put(key, row)).as("one row per series and window: %s", key).isNull();
            }
            rows.put(resolution, byWindow);
        }
    }

    @AfterAll
    void stopPrometheus() throws Exception {
        Scripts.run("prometheus-stop", oracleEnvironment());
        System.out.printf("PromQLOracleITCase: %,d series, %d h of event time, %,d values compared with PromQL%n",
                fleet.series(), TICKS * OracleFleet.TICK_MILLIS / HOUR, compared);
    }

    private static String rulesFile() {
        StringBuilder yaml = new StringBuilder("groups:\n- name: oracle\n  interval: 30s\n  rules:\n");
        RULES.forEach((record, expr) -> yaml.append("  - record: ").append(record).append("\n    expr: ").append(expr).append('\n'));
        return yaml.toString();
    }

    private static Map<String, String> oracleEnvironment() {
        return Map.of("STRATA_RUN_DIR", ORACLE_RUN_DIR.toString(), "STRATA_PROMETHEUS_PORT", Integer.toString(ORACLE_PORT));
    }

    @Test
    void everySampleIsAccepted_andEveryWindowIsThere() {
        long samples = (long) fleet.series() * TICKS;
        assertThat(counters).containsEntry(Accounting.SAMPLES_DECODED, samples).containsEntry(Accounting.SAMPLES_ACCEPTED, samples);
        WINDOWS.forEach((resolution, window) -> assertThat(rows.get(resolution)).as(resolution)
                .hasSize((int) (fleet.series() * (TICKS * OracleFleet.TICK_MILLIS / window)))
                .allSatisfy((key, row) -> assertThat(row.get("revision")).as(key).isEqualTo(0)));
    }

    @Test
    void gaugeAggregates_equalPromQLsOverTime() throws Exception {
        for (String resolution : WINDOWS.keySet()) {
            long window = WINDOWS.get(resolution);
            for (String agg : List.of("min", "max", "sum", "count", "last")) {
                String promql = agg + "_over_time(" + OracleFleet.GAUGE + "[" + (window - 1) + "ms])";
                compareExactly(resolution, OracleFleet.GAUGE, agg, promql, window - 1, 0);
            }
        }
    }

    @Test
    void counterIncreaseResetsAndLastRaw_equalPromQL() throws Exception {
        List<String> counterMetrics = List.of(OracleFleet.COUNTER, OracleFleet.CLASSIC + "_bucket", OracleFleet.CLASSIC + "_sum",
                OracleFleet.CLASSIC + "_count");
        for (String resolution : WINDOWS.keySet()) {
            long window = WINDOWS.get(resolution);
            for (String metric : counterMetrics) {
                compareExactly(resolution, metric, "increase", "increase(" + metric + "[" + window + "ms])",
                        window - OracleFleet.TICK_MILLIS, 1);
                compareExactly(resolution, metric, "resets", "resets(" + metric + "[" + window + "ms])",
                        window - OracleFleet.TICK_MILLIS, 1);
                compareExactly(resolution, metric, "last_raw", "last_over_time(" + metric + "[" + (window - 1) + "ms])", window - 1, 0);
            }
        }
    }

    @Test
    void nativeHistogramIncreaseAndQuantiles_equalPromQL() throws Exception {
        String metric = OracleFleet.NATIVE;
        for (String resolution : WINDOWS.keySet()) {
            long window = WINDOWS.get(resolution);
            String increase = "increase(" + metric + "[" + window + "ms])";
            long atLastSample = window - OracleFleet.TICK_MILLIS;
            compareExactly(resolution, metric, "increase", "histogram_count(" + increase + ")", atLastSample, 1);
            compareExactly(resolution, metric, "sum", "histogram_sum(" + increase + ")", atLastSample, 1);
            for (String quantile : List.of("0.5", "0.9", "0.95", "0.99")) {
                String column = "p" + quantile.substring(2) + (quantile.length() == 3 ? "0" : "");
                compare(resolution, metric, column, "histogram_quantile(" + quantile + ", " + increase + ")", atLastSample, 1,
                        (strata, promql) -> Math.abs(strata - promql) <= Math.max(Math.abs(strata), Math.abs(promql)) * NATIVE_BUCKET_WIDTH);
            }
        }
    }

    /**
     * Every recording rule's result at every evaluation time whose range lies inside the 3 hours
     * equals PromQL's value of the same expression at that time, to 1e-9 relative: the sums run
     * over the series in another order. Both sides have exactly the same groups and times.
     */
    @Test
    void recordingRules_equalPromQL() throws Exception {
        long first = t0 + 5 * MINUTE;
        long last = t0 + TICKS * OracleFleet.TICK_MILLIS - RULE_INTERVAL;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> rule : RULES.entrySet()) {
            Map<String, Map<Long, Double>> oracle = prometheus.queryRange(rule.getValue(), first, last, RULE_INTERVAL);
            Map<String, Double> strata = ruleResults.getOrDefault(rule.getKey(), Map.of());
            assertThat(oracle).as(rule.getValue()).isNotEmpty();
            int inRange = 0;
            for (Map.Entry<String, Map<Long, Double>> series : oracle.entrySet()) {
                for (Map.Entry<Long, Double> point : series.getValue().entrySet()) {
                    Double actual = strata.get(series.getKey() + "@" + point.getKey());
                    double expected = point.getValue();
                    if (actual == null || Math.abs(actual - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
                        mismatches.add(String.format("%s %s at +%ds: strata %s, promql %s", rule.getKey(), series.getKey(),
                                (point.getKey() - t0) / 1000, actual, expected));
                    }
                    inRange++;
                }
            }
            long strataInRange = strata.keySet().stream()
                    .mapToLong(key -> Long.parseLong(key.substring(key.indexOf('@') + 1)))
                    .filter(t -> t >= first && t <= last)
                    .count();
            assertThat(strataInRange).as("%s: no result PromQL does not have", rule.getKey()).isEqualTo(inRange);
            compared += inRange;
        }
        assertThat(mismatches).isEmpty();
    }

    private void compareExactly(String resolution, String metric, String column, String promql, long evalOffset, int skipWindows)
            throws Exception {
        compare(resolution, metric, column, promql, evalOffset, skipWindows, (strata, oracle) -> strata == oracle);
    }

    /**
     * Evaluates {@code promql} at {@code windowStart + evalOffset} for every window of {@code
     * resolution} but the first {@code skipWindows}, and checks that Strata's {@code column} of the
     * same series and window matches by {@code matches}, for every series PromQL returns.
     */
    private void compare(String resolution, String metric, String column, String promql, long evalOffset, int skipWindows,
            Match matches) throws Exception {
        long window = WINDOWS.get(resolution);
        long firstStart = t0 + skipWindows * window;
        long lastStart = t0 + TICKS * OracleFleet.TICK_MILLIS - window;
        Map<String, Map<Long, Double>> oracle = prometheus.queryRange(promql, firstStart + evalOffset, lastStart + evalOffset, window);
        int expectedSeries = (int) rows.get(resolution).keySet().stream()
                .filter(key -> key.startsWith(metric + "{"))
                .map(key -> key.substring(0, key.indexOf('@')))
                .distinct()
                .count();
        assertThat(oracle).as("%s: every series", promql).hasSize(expectedSeries);
        List<String> mismatches = new ArrayList<>();
        long windows = (lastStart - firstStart) / window + 1;
        oracle.forEach((labels, values) -> {
            assertThat(values).as("%s %s: a value per window", promql, labels).hasSize((int) windows);
            values.forEach((evaluatedAt, expected) -> {
                long start = evaluatedAt - evalOffset;
                // Most functions drop the metric name; last_over_time keeps it.
                String series = labels.startsWith("{") ? metric + labels : labels;
                GenericRecord row = rows.get(resolution).get(series + "@" + start);
                double actual = row == null ? Double.NaN : ((Number) row.get(column)).doubleValue();
                if (row == null || !matches.test(actual, expected)) {
                    mismatches.add(String.format("%s %s window %d: strata %s, promql %s", promql, labels,
                            (start - t0) / window, row == null ? "no row" : actual, expected));
                }
            });
            compared += values.size();
        });
        assertThat(mismatches).as("%s %s, resolution %s", metric, column, resolution).isEmpty();
    }

    /** Whether Strata's value agrees with PromQL's. */
    @FunctionalInterface
    private interface Match {
        boolean test(double strata, double promql);
    }

    /** The row's labels in PromQL notation, without the metric name (as PromQL's functions return them). */
    private static String labels(GenericRecord row) {
        Map<String, String> labels = new TreeMap<>();
        ((Map<?, ?>) row.get("labels")).forEach((k, v) -> labels.put(k.toString(), v.toString()));
        return PrometheusClient.format(labels);
    }
}
