package io.strata.pipeline.rules;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.AccountingReporter;
import io.strata.pipeline.metrics.AccountingReporterFactory;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.CollectingSink;
import io.strata.pipeline.testutils.TestPipelines;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recording rules through the whole graph ({@link StrataPipeline#assemble}) in a MiniCluster,
 * results read from the hot sink. The classic-histogram and counter inputs are the series of a
 * {@code promtool test rules} file (15 s apart from T0, which promtool calls time 0; counts given
 * per sample index k below), and every expected value was printed by promtool of Prometheus
 * 2.42.0 for the same expression at the same time; the native-histogram values are worked by
 * hand. Two tenants carry the same label sets, and their results must not mix.
 */
class RecordingRulesITCase {

    private static final String RULES = """
            groups:
            - name: gameplay_rollups
              interval: 30s
              rules:
              - record: :gameplay:tick_p95
                expr: histogram_quantile(0.95, sum by (le,region,queue) (rate(gameplay_tick_time_seconds_bucket[5m])))
              - record: :gameplay:ack_p99
                expr: histogram_quantile(0.99, sum by (le,region,queue) (rate(action_ack_latency_seconds_bucket[5m])))
              - record: :gameplay:frame_p90
                expr: histogram_quantile(0.9, sum by (region) (rate(gameplay_frame_seconds[5m])))
            - name: http
              interval: 30s
              rules:
              - record: region:http_requests:rate5m
                expr: sum by (region) (rate(http_requests_total[5m]))
                labels:
                  source: strata
            """;
    private static final int SAMPLES = 25;
    private static final long STEP = 15 * SECOND;

    private static List<Sample> results;

    @BeforeAll
    static void runJob() throws Exception {
        List<SourceRecord> input = new ArrayList<>();
        alpha(input);
        beta(input);
        CollectingSink<Sample> hot = new CollectingSink<>();
        // In time order, as one host's stream would bring them.
        input.sort(java.util.Comparator.comparingLong(SourceRecord::eventTimeEpochMillis));
        counters = run(input, hot, 2);
        results = ruleResults(hot);
    }

    private static Map<String, Long> counters;

    private static List<Sample> ruleResults(CollectingSink<Sample> hot) {
        return hot.received().stream().filter(s -> s.metricName().startsWith(":") || s.metricName().startsWith("region:"))
                .collect(Collectors.toList());
    }

    private static void alpha(List<SourceRecord> in) {
        classic(in, "alpha", "gameplay_tick_time_seconds_bucket", "gs-1", "eu", "ranked",
                new String[] {"0.005", "0.01", "0.025", "+Inf"}, new long[] {20, 50, 97, 100}, false);
        // gs-2 restarts at k = 12: its counters go back to 0 and count up again.
        classic(in, "alpha", "gameplay_tick_time_seconds_bucket", "gs-2", "eu", "ranked",
                new String[] {"0.005", "0.01", "0.025", "+Inf"}, new long[] {10, 30, 96, 100}, true);
        classic(in, "alpha", "gameplay_tick_time_seconds_bucket", "gs-3", "us", "casual",
                new String[] {"0.005", "0.01", "0.025", "+Inf"}, new long[] {0, 10, 39, 40}, false);
        classic(in, "alpha", "action_ack_latency_seconds_bucket", "gs-1", "eu", "ranked",
                new String[] {"0.05", "0.1", "0.25", "+Inf"}, new long[] {3, 6, 7, 7}, false);
        counter(in, "alpha", "gs-1", "eu", 0, k -> 3L * k);
        counter(in, "alpha", "gs-2", "eu", 0, k -> 1000 + 6L * k);
        counter(in, "alpha", "gs-3", "us", 4, k -> 2L * k);
        // Native histograms at schema 0, buckets (1, 2] and (2, 4]: gs-1 adds (2, 2) per sample, gs-2 (1, 3).
        nativeHistogram(in, "alpha", "gs-1", 2, 2);
        nativeHistogram(in, "alpha", "gs-2", 1, 3);
    }

    private static void beta(List<SourceRecord> in) {
        classic(in, "beta", "gameplay_tick_time_seconds_bucket", "gs-1", "eu", "ranked",
                new String[] {"0.005", "0.01", "0.025", "+Inf"}, new long[] {50, 60, 97, 100}, false);
        counter(in, "beta", "gs-1", "eu", 0, k -> 100L * k);
    }

    private static void classic(List<SourceRecord> in, String tenant, String metric, String instance, String region,
            String queue, String[] les, long[] perSample, boolean restartAt12) {
        for (int b = 0; b < les.length; b++) {
            TestSeries s = TestSeries.ofTenant(tenant, "__name__", metric, "instance", instance, "job", "gameserver",
                    "le", les[b], "queue", queue, "region", region);
            for (int k = 0; k < SAMPLES; k++) {
                int steps = restartAt12 && k >= 12 ? k - 12 : k;
                in.add(SourceRecord.of(s.counter(T0 + k * STEP, perSample[b] * steps)));
            }
        }
    }

    private static void counter(List<SourceRecord> in, String tenant, String instance, String region, int firstK,
            IntToLongFunction value) {
        TestSeries s = TestSeries.ofTenant(tenant, "__name__", "http_requests_total", "instance", instance, "job", "api",
                "region", region);
        for (int k = firstK; k < SAMPLES; k++) {
            in.add(SourceRecord.of(s.counter(T0 + k * STEP, value.applyAsLong(k))));
        }
    }

    private static void nativeHistogram(List<SourceRecord> in, String tenant, String instance, int perLow, int perHigh) {
        TestSeries s = TestSeries.ofTenant(tenant, "__name__", "gameplay_frame_seconds", "instance", instance, "job",
                "gameserver", "region", "eu");
        for (int k = 0; k < SAMPLES; k++) {
            double low = perLow * k;
            double high = perHigh * k;
            NativeHistogram h = new NativeHistogram(0, 0, 0, low + high, 1.5 * low + 3 * high,
                    new int[] {1}, new int[] {2}, new double[] {low, high}, new int[0], new int[0], new double[0], 0, false);
            in.add(SourceRecord.of(s.histogram(T0 + k * STEP, h)));
        }
    }

    /** Runs the whole graph on {@code input} in order, with a watermark after every sample, and returns the job's counters. */
    private static Map<String, Long> run(List<SourceRecord> input, CollectingSink<Sample> hot, int parallelism) throws Exception {
        // A local MiniCluster of its own (not a shared MiniClusterExtension) so that the accounting
        // reporter, configured per cluster, sees this job's counters.
        Configuration config = AccountingReporterFactory.register(new Configuration());
        StreamExecutionEnvironment env = JobSettings.localEnvironment(parallelism, config);
        LabelPolicy policy = LabelPolicy.platformDefault();
        EnforcementSettings enforcement = new EnforcementSettings(EnforcementSettings.platformDefault().tenants(), 300,
                Duration.ofMinutes(15), 4, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(policy)
                .enforcement(enforcement)
                .maxOutOfOrderness(Duration.ZERO)
                .alignmentMaxDrift(null)
                .rules(RuleSet.of(RuleFileParser.parse("rules.yaml", RULES)))
                .build();
        StrataPipeline.assemble(env, settings, TestPipelines.inOrder(input), Sinks.builder().hot(hot).build());
        JobExecutionResult result = env.execute("recording rules");
        return AccountingReporter.snapshot(result.getJobID().toHexString());
    }

    private static List<Sample> series(String tenant, String record, String... labels) {
        return results.stream()
                .filter(s -> s.tenant().equals(tenant) && s.metricName().equals(record))
                .filter(s -> Labels.format(s.labelNames(), s.labelValues()).equals(record + "{" + String.join(", ", labels) + "}"))
                .collect(Collectors.toList());
    }

    private static double at(List<Sample> series, long secondsAfterT0) {
        List<Sample> at = series.stream().filter(s -> s.timestampEpochMillis() == T0 + secondsAfterT0 * SECOND).toList();
        assertThat(at).as("one result at T0 + %d s in %s", secondsAfterT0, series).hasSize(1);
        return at.get(0).value();
    }

    /** Evaluation times, every 30 s, from the first with two samples in its 5m range to the last. */
    private static List<Long> timestamps(List<Sample> series) {
        return series.stream().map(s -> (s.timestampEpochMillis() - T0) / SECOND).sorted().toList();
    }

    private static List<Long> every30s(long fromSeconds, long toSeconds) {
        List<Long> out = new ArrayList<>();
        for (long t = fromSeconds; t <= toSeconds; t += 30) {
            out.add(t);
        }
        return out;
    }

    @Test
    void tickP95_perTenant_equalsPromtool242() {
        List<Sample> eu = series("alpha", ":gameplay:tick_p95", "queue=\"ranked\"", "region=\"eu\"");
        List<Sample> us = series("alpha", ":gameplay:tick_p95", "queue=\"casual\"", "region=\"us\"");
        List<Sample> beta = series("beta", ":gameplay:tick_p95", "queue=\"ranked\"", "region=\"eu\"");
        // Samples at 0..360 s: a 5m range holds two or more of them from 30 s to 630 s.
        assertThat(timestamps(eu)).isEqualTo(every30s(30, 630));
        assertThat(timestamps(us)).isEqualTo(every30s(30, 630));
        assertThat(timestamps(beta)).isEqualTo(every30s(30, 630));
        assertThat(at(eu, 30)).isEqualTo(2.460176991150443E-02);
        // At 300 s the range holds gs-2's restart at 180 s: PromQL's reset correction.
        assertThat(at(eu, 300)).isEqualTo(2.4596627164995444E-02);
        assertThat(at(eu, 630)).isEqualTo(2.4601769911504423E-02);
        assertThat(at(us, 60)).isEqualTo(2.4482758620689653E-02);
        assertThat(at(us, 330)).isEqualTo(2.448275862068966E-02);
        assertThat(at(us, 630)).isEqualTo(2.4482758620689656E-02);
        assertThat(at(beta, 60)).isEqualTo(2.4189189189189192E-02);
        assertThat(at(beta, 300)).isEqualTo(2.418918918918919E-02);
        assertThat(eu).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(s.labelNames()).containsExactly("__name__", "queue", "region");
        });
    }

    @Test
    void ackP99_onlyWhereTheTenantHasTheSeries() {
        List<Sample> eu = series("alpha", ":gameplay:ack_p99", "queue=\"ranked\"", "region=\"eu\"");
        assertThat(timestamps(eu)).isEqualTo(every30s(30, 630));
        assertThat(at(eu, 30)).isEqualTo(2.3950000000000005E-01);
        assertThat(at(eu, 300)).isEqualTo(2.3950000000000002E-01);
        assertThat(at(eu, 630)).isEqualTo(2.3950000000000002E-01);
        assertThat(results).filteredOn(s -> s.tenant().equals("beta") && s.metricName().equals(":gameplay:ack_p99")).isEmpty();
    }

    @Test
    void sumByRegionOfRate_withRuleLabels_equalsPromtool242() {
        List<Sample> eu = series("alpha", "region:http_requests:rate5m", "region=\"eu\"", "source=\"strata\"");
        List<Sample> us = series("alpha", "region:http_requests:rate5m", "region=\"us\"", "source=\"strata\"");
        List<Sample> beta = series("beta", "region:http_requests:rate5m", "region=\"eu\"", "source=\"strata\"");
        assertThat(at(eu, 30)).isEqualTo(7E-02);
        assertThat(at(eu, 60)).isEqualTo(1.3E-01);
        assertThat(at(eu, 300)).isEqualTo(6.000000000000001E-01);
        assertThat(at(eu, 630)).isEqualTo(7.500000000000001E-02);
        // gs-3 starts at 60 s: its first two samples are in range at 90 s.
        assertThat(timestamps(us)).isEqualTo(every30s(90, 630));
        assertThat(at(us, 300)).isEqualTo(1.1E-01);
        assertThat(at(us, 330)).isEqualTo(1.2333333333333332E-01);
        assertThat(at(us, 630)).isEqualTo(1.6666666666666666E-02);
        assertThat(at(beta, 30)).isEqualTo(6.666666666666667E-01);
        assertThat(at(beta, 60)).isEqualTo(1.3333333333333335E+00);
        assertThat(at(beta, 300)).isEqualTo(6.666666666666667E+00);
        assertThat(at(beta, 630)).isEqualTo(8.333333333333334E-01);
    }

    @Test
    void inOrderInput_noRuleSampleLate() {
        assertThat(counters).containsEntry(Accounting.RULE_SAMPLES_LATE, 0L);
        assertThat(counters.get(Accounting.RULE_RESULTS_EMITTED)).isEqualTo(results.size());
    }

    /**
     * The sample at 45 s arrives after the one at 120 s, when the evaluations at 60 s and 90 s
     * have run without it: it is counted, written raw like any other, and read by the evaluations
     * from 120 s on. Expected values: promtool 2.42 on {@code 0 3 6 _ 33 36 39 42 45} (at 60 s and
     * 90 s) and on {@code 0 3 6 30 33 36 39 42 45} (at 120 s and 150 s), 15 s apart.
     */
    @Test
    void lateSample_countedWrittenAndReadByLaterEvaluations() throws Exception {
        TestSeries x = TestSeries.ofTenant("alpha", "__name__", "http_requests_total", "instance", "gs-9", "job", "api",
                "region", "eu");
        double[] values = {0, 3, 6, 30, 33, 36, 39, 42, 45};
        List<SourceRecord> input = new ArrayList<>();
        for (int k = 0; k < values.length; k++) {
            if (k != 3) {
                input.add(SourceRecord.of(x.counter(T0 + k * STEP, values[k])));
            }
        }
        Sample late = x.counter(T0 + 3 * STEP, values[3]);
        input.add(SourceRecord.of(late));
        CollectingSink<Sample> hot = new CollectingSink<>();
        // One subtask per operator: the late sample then reaches the rules after the watermark of 120 s.
        Map<String, Long> lateCounters = run(input, hot, 1);

        assertThat(lateCounters).containsEntry(Accounting.RULE_SAMPLES_LATE, 1L);
        assertThat(hot.received()).contains(late);
        List<Sample> eu = ruleResults(hot);
        assertThat(at(eu, 60)).isEqualTo(1.1E-01);
        assertThat(at(eu, 90)).isEqualTo(1.3E-01);
        assertThat(at(eu, 120)).isEqualTo(1.5000000000000002E-01);
        assertThat(at(eu, 150)).isEqualTo(1.59375E-01);
    }

    @Test
    void nativeHistogramP90_workedValue() {
        List<Sample> eu = series("alpha", ":gameplay:frame_p90", "region=\"eu\"");
        assertThat(timestamps(eu)).isEqualTo(every30s(30, 630));
        // At 300 s the range [0 s, 300 s] holds samples k = 0..20 at both of its ends: no
        // extrapolation, so the summed rate is 20 steps of (2 + 1, 2 + 3) = (60, 100) over 300 s.
        // 2.42's histogramQuantile: rank 0.9 * 160 = 144 (in units of 1/300); (1, 2] holds 60,
        // so the rank lies 84 into (2, 4] holding 100: 2 + 2 * 84/100 = 3.68, linearly.
        assertThat(at(eu, 300)).isCloseTo(3.68, within(1e-12));
    }
}
