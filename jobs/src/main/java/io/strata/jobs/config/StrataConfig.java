package io.strata.jobs.config;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.source.KafkaFrameSource;
import java.time.Duration;

/**
 * The job's whole configuration, read once from YAML by {@link StrataConfigLoader} and
 * validated before the graph is built. Each part is handed only to its user.
 *
 * @param remoteWrite the hot output, or {@code null} for none
 * @param coldPath the cold output's base URI, or {@code null} for none
 */
public record StrataConfig(
        KafkaFrameSource kafka,
        LabelPolicy policy,
        EnforcementSettings enforcement,
        int maxFrameBytes,
        Duration maxFutureSkew,
        Duration maxOutOfOrderness,
        Duration idleness,
        RemoteWriteSettings remoteWrite,
        String coldPath,
        int parallelism,
        Duration checkpointInterval) {

    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /** The pipeline's share of the config. */
    public StrataPipeline.Settings pipelineSettings() {
        RemoteWriteDecoder decoder = new RemoteWriteDecoder(
                policy, maxFrameBytes, RemoteWriteDecoder.DEFAULT_MAX_DECOMPRESSED_BYTES, maxFutureSkew);
        return new StrataPipeline.Settings(policy, enforcement, decoder, maxOutOfOrderness, idleness, coldPath);
    }
}
