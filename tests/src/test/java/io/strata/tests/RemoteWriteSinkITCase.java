package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.AccountingReporter;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.remotewrite.RemoteWriteRejectReason;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.PrometheusClient.Point;
import io.strata.tests.testutils.PrometheusClient;
import io.strata.tests.testutils.Scripts;
import io.strata.tests.testutils.UnboundedJobs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote_write sink against the real Prometheus 2.42 of {@code scripts/prometheus-start}:
 * a receiver that is down for 60 s mid-run, a job that fails between two checkpoints and replays
 * what it had already delivered, and a job restored with a source that replays from the start. Each job sends {@value #SERIES} gauge series, one
 * sample per second of event time each, from a rate-limited generator.
 */
class RemoteWriteSinkITCase {

    private static final int SERIES = 10;
    private static final long STEP_MILLIS = 1_000;
    /** What the issue asks for: long enough for many retries and for the backoff to reach its ceiling. */
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void receiverDownFor60s_everySampleArrivesInOrder_andEveryFailedAttemptIsCounted() throws Exception {
        PrometheusClient prometheus = new PrometheusClient(Components.prometheusUrl());
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        int ticks = 40;
        long base = (System.currentTimeMillis() / STEP_MILLIS - 120) * STEP_MILLIS;
        // Up to 40 retries, backoff capped at 5 s: the sink outlasts the 60 s outage without failing the job.
        RemoteWriteSettings settings = RemoteWriteSettings.builder(URI.create(prometheus.writeUrl()))
                .setShards(2).setMaxBatchSamples(50).setMaxBatchAge(Duration.ofMillis(200))
                .setBackoff(Duration.ofMillis(200), Duration.ofSeconds(5)).setMaxRetries(40).build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(2));
        // Two ticks per second: 20 s of input, most of it produced while the receiver is down.
        ticks(env, run, base, ticks, 2 * SERIES, null).sinkTo(new RemoteWriteSink(settings)).name("remote_write").uid("it-remote-write");

        UnboundedJobs.Running job = UnboundedJobs.start(env, "remote_write outage " + run);
        boolean stopped = false;
        try {
            job.awaitCounters(c -> c.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L) >= 3L * SERIES, Duration.ofSeconds(60),
                    "the first samples reach Prometheus");
            script("prometheus-stop", false);
            stopped = true;
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            if (stopped) {
                script("prometheus-start", true);
            }
        }
        job.client().getJobExecutionResult().get(3, TimeUnit.MINUTES);
        Map<String, Long> counters = AccountingReporter.snapshot(job.jobId());

        assertEverySampleStoredOnce(prometheus, run, base, ticks);
        assertThat(counters.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L)).isEqualTo((long) SERIES * ticks);
        assertNothingRejected(counters);
        long failedAttempts = counters.entrySet().stream()
                .filter(e -> e.getKey().startsWith(Accounting.REMOTE_WRITE_REQUESTS + "{") && !e.getKey().contains("status=\"2"))
                .mapToLong(Map.Entry::getValue).sum();
        assertThat(counters).as("the outage was seen").containsKey(Accounting.key(Accounting.REMOTE_WRITE_REQUESTS, "status", "no_answer"));
        // Every non-2xx attempt (no answer while down, 503 while starting) was retried, none dropped.
        assertThat(counters.get(Accounting.REMOTE_WRITE_RETRIES)).isEqualTo(failedAttempts).isPositive();
    }

    @Test
    void failureBetweenCheckpoints_replayAbsorbed_nothingLostNothingRejected() throws Exception {
        PrometheusClient prometheus = new PrometheusClient(Components.prometheusUrl());
        String run = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        int ticks = 60;
        long base = (System.currentTimeMillis() / STEP_MILLIS - 120) * STEP_MILLIS;
        RemoteWriteSettings settings = RemoteWriteSettings.builder(URI.create(prometheus.writeUrl()))
                .setMaxBatchSamples(20).setMaxBatchAge(Duration.ofMillis(50)).build();
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(2));
        // Ten ticks per second: 6 s of input; the job fails once, 1.2 s after its first completed checkpoint.
        ticks(env, run, base, ticks, 10 * SERIES, new FailOnceAfterCheckpoint(1_200)).sinkTo(new RemoteWriteSink(settings))
                .name("remote_write").uid("it-remote-write");

        UnboundedJobs.Running job = UnboundedJobs.start(env, "remote_write replay " + run);
        job.client().getJobExecutionResult().get(2, TimeUnit.MINUTES);
        Map<String, Long> counters = AccountingReporter.snapshot(job.jobId());

        assertEverySampleStoredOnce(prometheus, run, base, ticks);
        assertNothingRejected(counters);
        long sent = counters.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L);
        long alreadyDelivered = counters.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED, 0L);
        // Prometheus answered 400 "out of order sample" to the replay; the sink counted it, not looped on it.
        assertThat(alreadyDelivered).as("replayed samples Prometheus already held").isPositive();
        assertThat(counters).containsKey(Accounting.key(Accounting.REMOTE_WRITE_REQUESTS, "status", "400"));
        assertThat(sent + alreadyDelivered).isGreaterThanOrEqualTo((long) SERIES * ticks);
    }

    @Test
    void restoreWithSourceReplayingFromTheStart_highWaterMarkAbsorbsItWithoutSending(@TempDir Path dir) throws Exception {
        PrometheusClient prometheus = new PrometheusClient(Components.prometheusUrl());
        String run = "rewind-" + UUID.randomUUID().toString().substring(0, 8);
        int ticks = 40;
        long base = (System.currentTimeMillis() / STEP_MILLIS - 120) * STEP_MILLIS;
        RemoteWriteSettings settings = RemoteWriteSettings.builder(URI.create(prometheus.writeUrl()))
                .setMaxBatchSamples(20).setMaxBatchAge(Duration.ofMillis(50)).build();

        StreamExecutionEnvironment first = LocalJobRunner.environment(2, Duration.ofSeconds(1));
        ticks(first, run, base, ticks, 10 * SERIES, null, "it-ticks").sinkTo(new RemoteWriteSink(settings)).name("remote_write")
                .uid("it-remote-write");
        UnboundedJobs.Running firstRun = UnboundedJobs.start(first, "remote_write rewind 1 " + run);
        firstRun.awaitCounters(c -> c.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L) >= 5L * SERIES, Duration.ofSeconds(60),
                "the first samples reach Prometheus");
        String savepoint = firstRun.stopWithSavepoint(dir.resolve("savepoints"));
        long sentBefore = firstRun.counters().get(Accounting.REMOTE_WRITE_SAMPLES_SENT);

        // The source under a new uid: its position is not restored, so it replays from the first
        // sample, as a re-read stream would; the sink restores its high-water marks.
        StreamExecutionEnvironment second = LocalJobRunner.environment(2, Duration.ofSeconds(1));
        second.configure(Configuration.fromMap(Map.of(StateRecoveryOptions.SAVEPOINT_PATH.key(), savepoint,
                StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE.key(), "true")));
        ticks(second, run, base, ticks, 10 * SERIES, null, "it-ticks-rewound").sinkTo(new RemoteWriteSink(settings))
                .name("remote_write").uid("it-remote-write");
        UnboundedJobs.Running secondRun = UnboundedJobs.start(second, "remote_write rewind 2 " + run);
        secondRun.client().getJobExecutionResult().get(2, TimeUnit.MINUTES);
        Map<String, Long> counters = AccountingReporter.snapshot(secondRun.jobId());

        assertEverySampleStoredOnce(prometheus, run, base, ticks);
        assertNothingRejected(counters);
        // Exactly what the first run delivered is recognised, and never sent again: no 400 at all.
        assertThat(counters.get(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED)).isEqualTo(sentBefore);
        assertThat(counters.get(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo(SERIES * ticks - sentBefore);
        assertThat(counters).doesNotContainKey(Accounting.key(Accounting.REMOTE_WRITE_REQUESTS, "status", "400"));
    }

    private static DataStream<Sample> ticks(StreamExecutionEnvironment env, String run, long base, int ticks, double samplesPerSecond,
            FailOnceAfterCheckpoint failure) {
        return ticks(env, run, base, ticks, samplesPerSecond, failure, "it-ticks");
    }

    private static DataStream<Sample> ticks(StreamExecutionEnvironment env, String run, long base, int ticks, double samplesPerSecond,
            FailOnceAfterCheckpoint failure, String sourceUid) {
        DataGeneratorSource<Sample> source = new DataGeneratorSource<>(new TickGenerator(run, base), (long) SERIES * ticks,
                RateLimiterStrategy.perSecond(samplesPerSecond), TypeInformation.of(Sample.class));
        DataStream<Sample> samples = env.fromSource(source, WatermarkStrategy.noWatermarks(), "ticks").setParallelism(1).uid(sourceUid);
        if (failure != null) {
            samples = samples.map(failure).setParallelism(1).name("fail once").uid("it-fail-once");
        }
        // One series, one sink subtask: keyed by series as the pipeline's keyed operators deliver them.
        return samples.keyBy(Sample::seriesId).map(s -> s).returns(TypeInformation.of(Sample.class)).name("by series").uid("it-by-series");
    }

    private static void assertEverySampleStoredOnce(PrometheusClient prometheus, String run, long base, int ticks) throws Exception {
        Map<String, List<Point>> stored = prometheus.samples("rw_it_ticks{run=\"" + run + "\"}", "10m", base + ticks * STEP_MILLIS);
        List<Long> expected = LongStream.range(0, ticks).map(t -> base + t * STEP_MILLIS).boxed().toList();
        assertThat(stored).hasSize(SERIES);
        assertThat(stored.values()).allSatisfy(points -> assertThat(points).extracting(Point::timestampEpochMillis)
                .as("no gap, no duplicate").containsExactlyElementsOf(expected));
    }

    private static void assertNothingRejected(Map<String, Long> counters) {
        for (RemoteWriteRejectReason reason : RemoteWriteRejectReason.values()) {
            assertThat(counters.getOrDefault(Accounting.key(Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "reason", reason.label()), 0L))
                    .as(reason.label()).isZero();
        }
    }

    /** Runs scripts/prometheus-stop or -start on this test's Prometheus, keeping its data on a start. */
    private static void script(String name, boolean keepData) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>();
        environment.put("STRATA_PROMETHEUS_PORT", Integer.toString(URI.create(Components.prometheusUrl()).getPort()));
        if (keepData) {
            environment.put("STRATA_PROMETHEUS_KEEP_DATA", "1");
        }
        Scripts.run(name, environment);
    }

    /** Sample i: series i % SERIES, tick i / SERIES, one second apart, the tick number as value. */
    private static final class TickGenerator implements GeneratorFunction<Long, Sample> {
        private final String run;
        private final long base;

        TickGenerator(String run, long base) {
            this.run = run;
            this.base = base;
        }

        @Override
        public Sample map(Long index) {
            int series = (int) (index % SERIES);
            long tick = index / SERIES;
            String[] names = {"__name__", "instance", "run"};
            String[] values = {"rw_it_ticks", "gs-" + series, run};
            return Sample.ofFloat("default", SeriesId.of(names, values), names, values, MetricKind.GAUGE, base + tick * STEP_MILLIS, tick);
        }
    }

    /**
     * Fails the first attempt of the job once {@code delayMillis} have passed since its first
     * completed checkpoint: what was delivered in between is replayed after the restart.
     */
    private static final class FailOnceAfterCheckpoint extends RichMapFunction<Sample, Sample> implements CheckpointListener {
        private final long delayMillis;
        private transient boolean firstAttempt;
        private transient long checkpointedAt;

        FailOnceAfterCheckpoint(long delayMillis) {
            this.delayMillis = delayMillis;
        }

        @Override
        public void open(OpenContext context) {
            firstAttempt = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
        }

        @Override
        public Sample map(Sample sample) {
            if (firstAttempt && checkpointedAt > 0 && System.currentTimeMillis() - checkpointedAt >= delayMillis) {
                throw new IllegalStateException("injected failure between two checkpoints");
            }
            return sample;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (checkpointedAt == 0) {
                checkpointedAt = System.currentTimeMillis();
            }
        }
    }
}
