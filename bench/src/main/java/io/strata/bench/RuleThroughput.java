package io.strata.bench;

import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.rules.RecordingRules;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the recording-rule stages alone (range functions keyed by series, aggregation
 * keyed by group) at parallelism 1 on the heap backend. Not a test: run it by hand,
 *
 * <pre>scripts/bench-rules [series] [samples]</pre>
 *
 * <p>Every sample is read by the rule {@code sum by (region) (rate(entity_updates_total[5m]))}
 * every 30 s, so each series keeps a 5m range (30 samples at 10 s) and emits one partial per 30 s
 * of event time; the score is samples per second through both stages.
 */
public final class RuleThroughput {

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long samples = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
        RuleSet rules = RuleSet.of(RuleFileParser.parse("bench.yaml", """
                groups:
                - name: bench
                  interval: 30s
                  rules:
                  - record: region:entity_updates:rate5m
                    expr: sum by (region) (rate(entity_updates_total[5m]))
                """));
        environment().execute("warm-up");
        StreamExecutionEnvironment env = environment();
        DataGeneratorSource<Sample> source = new DataGeneratorSource<>(new EnforcementThroughput.SampleGenerator(series), samples,
                RateLimiterStrategy.noOp(), TypeInformation.of(Sample.class));
        RecordingRules.results(env.fromSource(source, WatermarkStrategy.<Sample>forMonotonousTimestamps()
                                .withTimestampAssigner((s, previous) -> s.timestampEpochMillis())
                                .withIdleness(Duration.ofMinutes(1)), "samples").uid("samples"), rules)
                .sinkTo(new DiscardingSink<>()).uid("discard");
        long started = System.nanoTime();
        env.execute("rule throughput");
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("series=%,d samples=%,d time=%.1fs throughput=%,.0f samples/s%n",
                series, samples, seconds, samples / seconds);
    }

    private static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        StreamExecutionEnvironment env = JobSettings.localEnvironment(1, config);
        env.fromData(1).uid("one").sinkTo(new DiscardingSink<>()).uid("one-discarded");
        return env;
    }
}
