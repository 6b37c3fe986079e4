package io.strata.bench;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.Uids;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.source.EventTime;
import java.io.DataInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava31.com.google.common.hash.Hashing;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The rollup stages alone (1m → 5m → 1h, as {@link StrataPipeline#rollups} wires them), fed with
 * pre-decoded samples, half gauges and half counters. Not a test: run it by hand,
 *
 * <pre>scripts/bench-rollup throughput|state|delay [series] [samples|seconds|minutes] [out-of-orderness seconds]</pre>
 *
 * <ul>
 *   <li>{@code throughput}: {@code samples} samples (each series every 10 s of event time) at
 *       parallelism 1; prints samples/s of wall time and per CPU-second of the whole process;
 *   <li>{@code state}: runs for {@code seconds} (100 by default; keep {@code series} well below
 *       the throughput, e.g. 20,000) so that every series has fired 1m and 5m windows and data in
 *       its 1m, 5m and 1h stages, takes a canonical savepoint (heap backend), divides its size by
 *       the series and prints each rollup operator's share, read from the savepoint's metadata;
 *   <li>{@code delay}: a live stream (sample time = wall clock, each series every 10 s) for
 *       {@code minutes}; prints, per resolution, the wall-clock delay from window end to the
 *       emitted rollup.
 * </ul>
 */
public final class RollupFigures {

    private static final long TICK_MILLIS = 10_000;
    private static final long T0 = 1_795_651_200_000L;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Duration outOfOrderness = args.length > 3 ? Duration.ofSeconds(Long.parseLong(args[3])) : EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS;
        switch (mode) {
            case "throughput" -> throughput(series, args.length > 2 ? Long.parseLong(args[2]) : 10_000_000, outOfOrderness);
            case "state" -> state(series, args.length > 2 ? Integer.parseInt(args[2]) : 100, outOfOrderness);
            case "delay" -> delay(series, args.length > 2 ? Integer.parseInt(args[2]) : 7, outOfOrderness);
            default -> throw new IllegalArgumentException("mode must be throughput, state or delay, not " + mode);
        }
    }

    private static void throughput(int series, long samples, Duration outOfOrderness) throws Exception {
        StreamExecutionEnvironment warmUp = environment(1);
        build(warmUp, series, Math.min(samples, 1_000_000), RateLimiterStrategy.noOp(), false, outOfOrderness)
                .sinkTo(new DiscardingSink<>()).uid("discard");
        warmUp.execute("warm-up");
        StreamExecutionEnvironment env = environment(1);
        build(env, series, samples, RateLimiterStrategy.noOp(), false, outOfOrderness).sinkTo(new DiscardingSink<>()).uid("discard");
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        env.execute("rollup throughput");
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        System.out.printf("series=%,d samples=%,d time=%.1fs cpu=%.1fs throughput=%,.0f samples/s wall, %,.0f samples per CPU-second%n",
                series, samples, seconds, cpuSeconds, samples / seconds, samples / cpuSeconds);
    }

    private static void state(int series, int seconds, Duration outOfOrderness) throws Exception {
        Path savepoints = Files.createTempDirectory("strata-rollup-state");
        StreamExecutionEnvironment env = environment(1);
        env.getCheckpointConfig().setCheckpointStorage(savepoints.resolve("checkpoints").toUri().toString());
        // One tick (10 s of event time) per second of wall time: after 100 s the watermark is well past
        // the first 5m window's end, so it has fired into the 1h stage.
        build(env, series, Long.MAX_VALUE, RateLimiterStrategy.perSecond(series), false, outOfOrderness)
                .sinkTo(new DiscardingSink<>()).uid("discard");
        JobClient client = env.executeAsync("rollup state");
        Thread.sleep(seconds * 1000L);
        String location = client.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        client.cancel().get();
        long bytes = SavepointSize.of(location);
        System.out.printf("series=%,d savepoint=%,d bytes: %.1f bytes per series with 1m, 5m and 1h windows open%n",
                series, bytes, bytes / (double) series);
        Map<OperatorID, String> names = new java.util.HashMap<>();
        for (String uid : List.of(Uids.ROLLUP_1M, Uids.HISTOGRAM_ROLLUP_1M, Uids.ROLLUP_5M, Uids.ROLLUP_1H)) {
            // How Flink derives an operator id from its uid (StreamGraphHasherV2).
            names.put(new OperatorID(Hashing.murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash().asBytes()), uid);
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(Path.of(java.net.URI.create(location)).resolve("_metadata")))) {
            for (OperatorState operator : Checkpoints.loadCheckpointMetadata(in, RollupFigures.class.getClassLoader(), location)
                    .getOperatorStates()) {
                if (operator.getStateSize() > 0) {
                    System.out.printf("  %-22s %,12d bytes  %6.1f bytes per series%n", names.getOrDefault(operator.getOperatorID(),
                            operator.getOperatorID().toString()), operator.getStateSize(), operator.getStateSize() / (double) series);
                }
            }
        }
    }

    private static void delay(int series, int minutes, Duration outOfOrderness) throws Exception {
        StreamExecutionEnvironment env = environment(2);
        build(env, series, Long.MAX_VALUE, RateLimiterStrategy.perSecond(series * 1000.0 / TICK_MILLIS), true, outOfOrderness)
                .map(new RecordDelay()).uid("record-delay").sinkTo(new DiscardingSink<>()).uid("discard");
        JobClient client = env.executeAsync("rollup delay");
        Thread.sleep(minutes * 60_000L);
        client.cancel().get();
        RecordDelay.DELAYS.forEach((resolution, delays) -> {
            List<Long> sorted = new ArrayList<>(delays);
            Collections.sort(sorted);
            System.out.printf("series=%,d out-of-orderness=%ds resolution=%s rollups=%,d delay after window end: p50 %.1fs p99 %.1fs max %.1fs%n",
                    series, outOfOrderness.toSeconds(), resolution, sorted.size(), percentile(sorted, 0.5) / 1e3,
                    percentile(sorted, 0.99) / 1e3, sorted.get(sorted.size() - 1) / 1e3);
        });
    }

    private static double percentile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    private static StreamExecutionEnvironment environment(int parallelism) {
        Configuration config = new Configuration();
        config.setString("state.backend.type", "hashmap");
        return JobSettings.localEnvironment(parallelism, config);
    }

    private static DataStream<Rollup> build(StreamExecutionEnvironment env, int series, long samples, RateLimiterStrategy rate,
            boolean live, Duration outOfOrderness) {
        DataGeneratorSource<Sample> source = new DataGeneratorSource<>(new SampleGenerator(series, live), samples, rate,
                TypeInformation.of(Sample.class));
        WatermarkStrategy<Sample> watermarks = WatermarkStrategy.<Sample>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((sample, previous) -> sample.timestampEpochMillis())
                .withIdleness(EventTime.DEFAULT_IDLENESS);
        StrataPipeline.Rollups rollups = StrataPipeline.rollups(
                env.fromSource(source, watermarks, "samples").uid("samples"), RollupSettings.defaults());
        return rollups.oneMinute().union(rollups.fiveMinutes(), rollups.oneHour());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Wall-clock delay from a window's end to its first result, per resolution, kept in this JVM. */
    private static final class RecordDelay implements MapFunction<Rollup, Rollup> {
        static final Map<String, List<Long>> DELAYS = Collections.synchronizedMap(new TreeMap<>());

        @Override
        public Rollup map(Rollup rollup) {
            if (rollup.revision() == 0) {
                long delay = System.currentTimeMillis() - rollup.aggregate().windowEndEpochMillis();
                DELAYS.computeIfAbsent(rollup.resolution(), r -> Collections.synchronizedList(new ArrayList<>())).add(delay);
            }
            return rollup;
        }
    }

    /** Sample i is series i mod n; even series are gauges, odd ones counters; each series every 10 s. */
    private static final class SampleGenerator implements GeneratorFunction<Long, Sample> {
        private static final String[] NAMES = {"__name__", "instance", "job", "region", "shard_id"};
        private final int series;
        private final boolean live;
        private transient String[][] values;
        private transient long[] ids;

        SampleGenerator(int series, boolean live) {
            this.series = series;
            this.live = live;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            values = new String[series][];
            ids = new long[series];
            for (int i = 0; i < series; i++) {
                values[i] = new String[] {i % 2 == 0 ? "rollup_load" : "rollup_ops_total", "gs-" + (i / 250) + ":9100", "gameserver",
                        "eu-west-1", Integer.toString(i % 250)};
                ids[i] = SeriesId.of(NAMES, values[i]);
            }
        }

        @Override
        public Sample map(Long index) {
            int s = (int) (index % series);
            long ts = live ? System.currentTimeMillis() : T0 + (index / series) * TICK_MILLIS;
            MetricKind kind = s % 2 == 0 ? MetricKind.GAUGE : MetricKind.COUNTER;
            return Sample.ofFloat("default", ids[s], NAMES, values[s], kind, ts, index / series);
        }
    }
}
