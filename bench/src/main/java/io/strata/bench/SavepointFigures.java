package io.strata.bench;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Savepoint size and duration of the whole Strata graph (policy, host and tenant limits, 1m/5m/1h
 * rollups, cold output) at a given number of active series, with RocksDB and incremental
 * checkpoints as on the cluster. Not a test: run it by hand,
 *
 * <pre>scripts/bench-savepoint [series]</pre>
 *
 * <p>The generator sends every series once per 10 s of event time, a little faster than every
 * series once per second of wall time, so that after the warm-up each series has state in every
 * stage; then a canonical and a native savepoint are taken and timed.
 */
public final class SavepointFigures {

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("strata-savepoint-figures");
        Configuration config = new Configuration();
        config.setString("state.backend.type", "rocksdb");
        config.setString("execution.checkpointing.incremental", "true");
        config.setString("taskmanager.memory.managed.size", "1g");
        config.setString("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = JobSettings.localEnvironment(2, config);
        env.enableCheckpointing(60_000);

        TenantLimits generous = new TenantLimits(1e12, 1L << 40, 64, 4096, 100);
        LabelPolicy policy = LabelPolicy.platformDefault();
        EnforcementSettings enforcement = EnforcementSettings.withTenants(TenantLimitsTable.of(Map.of("default", generous)));
        DataGeneratorSource<Sample> source = new DataGeneratorSource<>(new EnforcementThroughput.SampleGenerator(series),
                Long.MAX_VALUE, RateLimiterStrategy.perSecond(series * 1.5), TypeInformation.of(Sample.class));
        StrataPipeline.assemble(env, StrataPipeline.Settings.builder(policy).enforcement(enforcement).build(),
                (e, settings) -> e.fromSource(source, WatermarkStrategy.noWatermarks(), "samples").uid("samples")
                        .map(SourceRecord::of).returns(SourceRecord.class).uid("wrap")
                        .assignTimestampsAndWatermarks(settings.watermarks()).uid("watermarks"),
                Sinks.builder().cold(work.resolve("cold").toUri().toString()).build());

        JobClient client = env.executeAsync("savepoint figures");
        // Two passes over every series: each has state in the limits and an open window in each rollup.
        Thread.sleep(Math.max(10_000, 2_000L * series / 75_000 + 2_000));
        for (SavepointFormatType format : new SavepointFormatType[] {SavepointFormatType.CANONICAL, SavepointFormatType.NATIVE}) {
            long started = System.nanoTime();
            String location = client.triggerSavepoint(work.resolve("savepoints").toUri().toString(), format).get();
            double seconds = (System.nanoTime() - started) / 1e9;
            long bytes = SavepointSize.of(location);
            System.out.printf("series=%,d format=%s savepoint=%,d bytes (%.1f bytes/series) in %.2f s%n",
                    series, format, bytes, bytes / (double) series, seconds);
        }
        client.cancel().get();
    }
}
