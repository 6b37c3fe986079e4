package io.strata.jobs;

import io.strata.jobs.config.RuleFiles;
import io.strata.jobs.config.StrataConfig;
import io.strata.jobs.config.StrataConfigLoader;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.source.FrameSource;
import io.strata.pipeline.source.Sources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The entry point of the job jar on a Flink cluster ({@code flink run}, the REST API, or
 * {@code strata submit}). Arguments: {@code --config FILE} (a path the JobManager can read) or
 * {@code --config-base64 B64} (the YAML itself, as {@code strata submit} sends it) with {@code
 * --rules-base64 B64} (the contents of its {@code rules.files}).
 */
public final class StrataJob {

    public static final String JOB_NAME = "strata";
    /** The YAML config itself, base64-encoded, as {@code strata submit} sends it. */
    public static final String CONFIG_BASE64 = "--config-base64";
    /** The rule files of the config ({@link RuleFiles#encode}), read where the config was: the JobManager cannot. */
    public static final String RULES_BASE64 = "--rules-base64";

    private StrataJob() {}

    public static void main(String[] args) throws Exception {
        StrataConfig config = configFrom(args);
        StreamExecutionEnvironment env = JobSettings.environment();
        configure(env, config);
        build(env, config);
        env.execute(JOB_NAME);
    }

    /** Strata's {@link JobSettings}, the configured state backend, parallelism and checkpoint interval on any environment. */
    public static void configure(StreamExecutionEnvironment env, StrataConfig config) {
        Configuration job = JobSettings.configuration();
        config.stateBackend().applyTo(job);
        env.configure(job);
        // A jar run over REST without a parallelism gets 1, not the cluster's parallelism.default.
        env.setParallelism(config.parallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis());
    }

    /** The whole graph of the configured source, policy, rollups and outputs. */
    public static void build(StreamExecutionEnvironment env, StrataConfig config) {
        StrataPipeline.assemble(env, config.pipelineSettings(), source(config), sinks(config));
    }

    /** The configured source, decoded with per-partition or per-shard watermarks. */
    static FrameSource source(StrataConfig config) {
        return config.kafka() != null ? Sources.kafka(config.kafka()) : Sources.kinesis(config.kinesis());
    }

    /** The configured outputs: remote_write for raw and derived series, Parquet under the cold path. */
    static Sinks sinks(StrataConfig config) {
        return Sinks.builder()
                .rawHot(config.remoteWrite() == null ? null : new RemoteWriteSink(config.remoteWrite()))
                .derivedHot(config.remoteWriteDerived() == null ? null : new RemoteWriteSink(config.remoteWriteDerived()))
                .cold(config.coldPath())
                .coldS3(config.coldS3())
                .build();
    }

    static StrataConfig configFrom(String[] args) throws Exception {
        RuleFiles shippedRules = RuleFiles.shipped(Map.of());
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(RULES_BASE64)) {
                shippedRules = RuleFiles.shipped(RuleFiles.decode(args[i + 1]));
            }
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                return StrataConfigLoader.load(Path.of(args[i + 1]));
            }
            if (args[i].equals(CONFIG_BASE64)) {
                String yaml = new String(Base64.getDecoder().decode(args[i + 1]), StandardCharsets.UTF_8);
                return StrataConfigLoader.parse(yaml, "the submitted config", shippedRules);
            }
        }
        throw new IllegalArgumentException("pass --config FILE (readable by the JobManager) or --config-base64 <YAML in base64>");
    }
}
