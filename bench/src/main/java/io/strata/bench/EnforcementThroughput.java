package io.strata.bench;

import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.enforce.EnforcementKeys;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.enforce.HostSeriesLimitFunction;
import io.strata.pipeline.enforce.TenantLimitsFunction;
import io.strata.pipeline.record.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Enforcement throughput (host series limit + tenant limits, keyed state) and state bytes per
 * tracked series, with the heap or the RocksDB state backend. Not a test: run it by hand,
 *
 * <pre>scripts/bench-enforcement hashmap|rocksdb [series] [samples]</pre>
 *
 * <p>Phase 1 sends {@code samples} pre-decoded samples of {@code series} series (250 per host,
 * one tenant, limits high enough that everything passes) through the two keyed stages at
 * parallelism 1 and reports samples/s. Phase 2 admits every series once, takes a canonical
 * savepoint and divides its size by the series count: each series is tracked twice, once by its
 * host and once by its tenant shard.
 */
public final class EnforcementThroughput {

    private static final int SERIES_PER_HOST = 250;

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "hashmap";
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        long samples = args.length > 2 ? Long.parseLong(args[2]) : 5_000_000;

        long started = System.nanoTime();
        environment(backend, null).execute("warm-up");
        StreamExecutionEnvironment env = environment(backend, null);
        build(env, series, samples, RateLimiterStrategy.noOp());
        started = System.nanoTime();
        env.execute("enforcement throughput");
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("backend=%s series=%,d samples=%,d time=%.1fs throughput=%,.0f samples/s%n",
                backend, series, samples, seconds, samples / seconds);

        Path savepoints = Files.createTempDirectory("strata-savepoint");
        StreamExecutionEnvironment stateEnv = environment(backend, savepoints);
        // Every series once, then slowly on, so the job is still running when the savepoint is taken.
        build(stateEnv, series, Long.MAX_VALUE, RateLimiterStrategy.perSecond(series / 2.0));
        JobClient client = stateEnv.executeAsync("enforcement state");
        Thread.sleep(4_000);
        String location = client.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        client.cancel().get();
        long bytes = SavepointSize.of(location);
        System.out.printf("backend=%s savepoint=%,d bytes for %,d series: %.1f bytes per tracked series%n",
                backend, bytes, series, bytes / (double) series);
    }

    private static StreamExecutionEnvironment environment(String backend, Path savepoints) {
        Configuration config = new Configuration();
        config.setString("state.backend.type", backend);
        config.setString("taskmanager.memory.managed.size", "512m");
        StreamExecutionEnvironment env = JobSettings.localEnvironment(1, config);
        if (savepoints == null) {
            env.fromData(1).uid("one").sinkTo(new DiscardingSink<>()).uid("one-discarded");
        }
        return env;
    }

    private static void build(StreamExecutionEnvironment env, int series, long samples, RateLimiterStrategy rate) {
        TenantLimits generous = new TenantLimits(1e12, 1L << 40, 64, 4096, 100);
        EnforcementSettings settings = new EnforcementSettings(TenantLimitsTable.of(Map.of("default", generous)),
                300, Duration.ofMinutes(15), 16, Duration.ofSeconds(10), false, Duration.ofSeconds(10), Duration.ofSeconds(30));
        DataGeneratorSource<Sample> source = new DataGeneratorSource<>(new SampleGenerator(series), samples, rate,
                TypeInformation.of(Sample.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "samples").uid("samples")
                .keyBy(EnforcementKeys::host)
                .process(new HostSeriesLimitFunction(settings)).uid("host")
                .keyBy(s -> EnforcementKeys.tenantShard(s, 16))
                .process(new TenantLimitsFunction(settings)).uid("tenant")
                .sinkTo(new DiscardingSink<>()).uid("discard");
    }

    /** Sample i is series i mod n at 10 s steps; label arrays are made once per series. */
    public static final class SampleGenerator implements GeneratorFunction<Long, Sample> {
        private final int series;
        private transient String[][] values;
        private transient long[] ids;
        private static final String[] NAMES = {"__name__", "instance", "job", "region", "shard_id"};

        public SampleGenerator(int series) {
            this.series = series;
        }

        @Override
        public void open(org.apache.flink.api.connector.source.SourceReaderContext readerContext) {
            values = new String[series][];
            ids = new long[series];
            for (int i = 0; i < series; i++) {
                values[i] = new String[] {"entity_updates_total", "gs-" + (i / SERIES_PER_HOST) + ":9100", "gameserver",
                        "eu-west-1", Integer.toString(i % SERIES_PER_HOST)};
                ids[i] = SeriesId.of(NAMES, values[i]);
            }
        }

        @Override
        public Sample map(Long index) {
            int s = (int) (index % series);
            long ts = 1_795_651_200_000L + (index / series) * 10_000;
            return new Sample("default", ids[s], NAMES, values[s], MetricKind.COUNTER, ts, index, null);
        }
    }
}
