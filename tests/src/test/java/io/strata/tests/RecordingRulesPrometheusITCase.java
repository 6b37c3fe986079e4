package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.testutils.TestPipelines;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.PrometheusClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * Recording rules through the whole graph into a real Prometheus 2.42, checked against that
 * Prometheus: the job writes the raw samples and the rule results over remote_write, then every
 * rule result must equal what Prometheus answers for the rule's expression over the raw samples at
 * the result's timestamp, and Prometheus must have no result at an evaluation time where Strata
 * has none. The input is seeded-random: 12 hosts in 3 regions scraped every 15 s at their own
 * offset, with missed scrapes, late starts, early ends and counter resets, classic buckets, a
 * counter, a gauge and a native histogram each. A narrower companion of the full oracle test.
 */
class RecordingRulesPrometheusITCase {

    private static final String RUN = "rules-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long STEP = 15_000;
    /** 20 minutes of samples ending 5 minutes ago: well inside what Prometheus accepts (its head's last hour). */
    private static final long BASE = (System.currentTimeMillis() / 30_000 - 50) * 30_000;
    private static final int SCRAPES = 80;
    private static final String SELECT = "cluster=\"" + RUN + "\"";

    /** Record name → expression, each evaluated every 30 s. */
    private static final String[][] RULES = {
        {":it_tick:p95", "histogram_quantile(0.95, sum by (le,region) (rate(it_tick_bucket{" + SELECT + "}[5m])))"},
        {":it_frame:p90", "histogram_quantile(0.9, sum by (region) (rate(it_frame_seconds{" + SELECT + "}[5m])))"},
        {"region:it_req:rate5m", "sum by (region) (rate(it_req_total{" + SELECT + "}[5m]))"},
        {"region:it_req:increase2m", "avg by (region) (increase(it_req_total{" + SELECT + "}[2m]))"},
        {"region:it_temp:max3m", "max by (region) (max_over_time(it_temp{" + SELECT + "}[3m]))"},
        {"region:it_temp:avg1m", "avg(avg_over_time(it_temp{" + SELECT + "}[1m])) by (region)"},
        {"it_temp:count1m", "count(count_over_time(it_temp{" + SELECT + "}[1m]))"},
        {"region:it_temp:min2m", "min by (region) (min_over_time(it_temp{" + SELECT + "}[2m]))"},
        {"region:it_temp:last1m", "sum by (region) (last_over_time(it_temp{" + SELECT + "}[1m]))"},
    };

    @Test
    void ruleResults_equalPrometheus242OverTheRawSamples() throws Exception {
        PrometheusClient prometheus = new PrometheusClient(Components.prometheusUrl());
        run(prometheus.writeUrl());

        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        for (String[] rule : RULES) {
            Set<String> ours = new HashSet<>();
            Map<String, List<PrometheusClient.Point>> results =
                    prometheus.samples(rule[0] + "{" + SELECT + "}", "40m", BASE + 30 * 60_000);
            for (Map.Entry<String, List<PrometheusClient.Point>> series : results.entrySet()) {
                String region = region(series.getKey());
                for (PrometheusClient.Point point : series.getValue()) {
                    ours.add(region + "@" + point.timestampEpochMillis());
                    Double expected = promql(prometheus, rule[1], point.timestampEpochMillis()).get(region);
                    compared++;
                    // sum and avg add series in another order than Prometheus: equal to the last bits.
                    if (expected == null || Math.abs(expected - point.value()) > 1e-9 * Math.max(1, Math.abs(expected))) {
                        mismatches.add(rule[0] + " " + region + " @" + (point.timestampEpochMillis() - BASE) / 1000
                                + " s: Strata " + point.value() + ", Prometheus " + expected);
                    }
                }
            }
            for (long t = BASE; t <= BASE + 30 * 60_000; t += 30_000) {
                for (Map.Entry<String, Double> e : promql(prometheus, rule[1], t).entrySet()) {
                    if (!ours.contains(e.getKey() + "@" + t)) {
                        mismatches.add(rule[0] + " " + e.getKey() + " @" + (t - BASE) / 1000 + " s: Strata none, Prometheus " + e.getValue());
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        // 9 rules, 3 regions (1 group for the count), about 45 evaluation times each.
        assertThat(compared).isGreaterThan(800);
    }

    private static String region(String labels) {
        return labels.contains("region=\"") ? labels.replaceAll(".*region=\"([a-z]+)\".*", "$1") : "";
    }

    /** Prometheus' answer to {@code expr} at {@code t}, by region ("" without one). */
    private static Map<String, Double> promql(PrometheusClient prometheus, String expr, long t) throws Exception {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (var r : prometheus.query(expr, t)) {
            String region = r.get("metric").has("region") ? r.get("metric").get("region").asText() : "";
            out.put(region, Double.parseDouble(r.get("value").get(1).asText()));
        }
        return out;
    }

    private static void run(String writeUrl) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n- name: it\n  interval: 30s\n  rules:\n");
        for (String[] rule : RULES) {
            rules.append("  - record: ").append(rule[0]).append("\n    expr: '").append(rule[1])
                    .append("'\n    labels:\n      cluster: ").append(RUN).append('\n');
        }
        StreamExecutionEnvironment env = JobSettings.localEnvironment(2, new Configuration());
        LabelPolicy policy = LabelPolicy.platformDefault();
        // Overload shedding off: the samples are minutes old by design, which is not overload.
        EnforcementSettings enforcement = new EnforcementSettings(EnforcementSettings.platformDefault().tenants(), 300,
                Duration.ofMinutes(15), 4, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy)
                .enforcement(enforcement)
                .maxOutOfOrderness(Duration.ZERO)
                .alignmentMaxDrift(null)
                .rules(RuleSet.of(RuleFileParser.parse("it-rules.yaml", rules.toString())))
                .build();
        StrataPipeline.assemble(env, settings, TestPipelines.inOrder(input()),
                Sinks.builder().hot(new RemoteWriteSink(RemoteWriteSettings.of(URI.create(writeUrl)))).build());
        env.execute("recording rules against Prometheus " + RUN);
    }

    /** In time order, as the hosts' streams would bring them. */
    private static List<SourceRecord> input() {
        Random random = new Random(42);
        String[] les = {"0.005", "0.01", "0.025", "0.05", "+Inf"};
        String[] regions = {"eu", "us", "ap"};
        List<SourceRecord> in = new ArrayList<>();
        for (int host = 0; host < 12; host++) {
            String region = regions[host % 3];
            String instance = "gs-" + host;
            long offset = random.nextInt(15_000);
            int first = random.nextInt(10);
            int last = SCRAPES - random.nextInt(20);
            int resetAt = random.nextInt(3) == 0 ? first + random.nextInt(last - first) : -1;
            double[] buckets = new double[les.length];
            double requests = random.nextInt(1000);
            double[] nativeBuckets = new double[3];
            double zero = 0;
            for (int k = first; k < last; k++) {
                if (random.nextInt(10) == 0) {
                    continue;
                }
                long ts = BASE + k * STEP + offset;
                if (k == resetAt) {
                    Arrays.fill(buckets, 0);
                    Arrays.fill(nativeBuckets, 0);
                    requests = 0;
                    zero = 0;
                }
                double cumulative = 0;
                for (int b = 0; b < les.length; b++) {
                    cumulative += random.nextInt(5);
                    buckets[b] += cumulative;
                    in.add(sample(MetricKind.COUNTER, ts, buckets[b], null, "it_tick_bucket", instance, "le", les[b], region));
                }
                requests += random.nextInt(50);
                in.add(sample(MetricKind.COUNTER, ts, requests, null, "it_req_total", instance, null, null, region));
                in.add(sample(MetricKind.GAUGE, ts, 20 + random.nextGaussian(), null, "it_temp", instance, null, null, region));
                for (int b = 0; b < 3; b++) {
                    nativeBuckets[b] += random.nextInt(4);
                }
                zero += random.nextInt(2);
                double count = zero + nativeBuckets[0] + nativeBuckets[1] + nativeBuckets[2];
                NativeHistogram h = new NativeHistogram(1, 0.001, zero, count, count * 1.3, new int[] {-1}, new int[] {3},
                        nativeBuckets.clone(), new int[0], new int[0], new double[0], 0, false);
                in.add(sample(MetricKind.HISTOGRAM, ts, Double.NaN, h, "it_frame_seconds", instance, null, null, region));
            }
        }
        in.sort(Comparator.comparingLong(SourceRecord::eventTimeEpochMillis));
        return in;
    }

    private static SourceRecord sample(MetricKind kind, long ts, double value, NativeHistogram h, String metric,
            String instance, String extraName, String extraValue, String region) {
        List<String> pairs = new ArrayList<>(List.of("__name__", metric, "cluster", RUN, "instance", instance, "job", "it"));
        if (extraName != null) {
            pairs.addAll(List.of(extraName, extraValue));
        }
        pairs.addAll(List.of("region", region));
        String[] names = new String[pairs.size() / 2];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = pairs.get(2 * i);
            values[i] = pairs.get(2 * i + 1);
        }
        return SourceRecord.of(new Sample("default", SeriesId.of(names, values), names, values, kind, ts, value, h));
    }
}
