package io.strata.jobs.config;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.decode.DecodeLimits;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.cold.s3.S3ColdSettings;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The job's whole configuration, read once from YAML by {@link StrataConfigLoader} and
 * validated before the graph is built. Each part is handed only to its user.
 *
 * @param kafka the Kafka source, or {@code null} when the job reads Kinesis
 * @param kinesis the Kinesis source, or {@code null} when the job reads Kafka (exactly one is set)
 * @param decodeLimits the decoder's budgets ({@code policy.max-*})
 * @param tenants the tenants that may send ({@code source.tenants}), empty for any valid name
 * @param alignmentMaxDrift watermark alignment's maximum drift, or {@code null} for no alignment
 * @param rules the recording rules of {@code rules.files}
 * @param ruleFiles the texts of {@code rules.files} by the path the config gives, shipped with a submitted config
 * @param remoteWrite the hot output of raw samples, or {@code null} for none
 * @param remoteWriteDerived the hot output of derived series (rollups, rule results): the raw
 *     one's settings unless {@code hot.remote-write.derived} overrides the endpoint
 * @param coldPath the cold output's base URI, or {@code null} for none
 * @param coldS3 how an {@code s3://} cold path is reached and written
 */
public record StrataConfig(
        KafkaSourceSettings kafka,
        KinesisSourceSettings kinesis,
        LabelPolicy policy,
        EnforcementSettings enforcement,
        DecodeLimits decodeLimits,
        Set<String> tenants,
        Duration maxOutOfOrderness,
        Duration idleness,
        Duration alignmentMaxDrift,
        RollupSettings rollups,
        RuleSet rules,
        Map<String, String> ruleFiles,
        RemoteWriteSettings remoteWrite,
        RemoteWriteSettings remoteWriteDerived,
        String coldPath,
        S3ColdSettings coldS3,
        int parallelism,
        Duration checkpointInterval,
        StateBackendChoice stateBackend) {

    public static final int DEFAULT_PARALLELISM = 2;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    public StrataConfig {
        if ((kafka == null) == (kinesis == null)) {
            throw new IllegalArgumentException("exactly one of kafka and kinesis must be set");
        }
    }

    /** One line naming the source, for the command line's banner. */
    public String sourceDescription() {
        if (kafka != null) {
            return "kafka " + kafka.bootstrapServers() + " topic " + kafka.topic()
                    + (kafka.bounded() ? " (up to the latest offsets at start)" : "");
        }
        return "kinesis " + kinesis.streamArn() + (kinesis.endpoint() == null ? "" : " at " + kinesis.endpoint())
                + " from " + kinesis.initialPosition().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The pipeline's share of the config. */
    public StrataPipeline.Settings pipelineSettings() {
        return StrataPipeline.Settings.builder(policy)
                .enforcement(enforcement)
                .decoder(new RemoteWriteDecoder(policy, decodeLimits, tenants))
                .maxOutOfOrderness(maxOutOfOrderness)
                .idleness(idleness)
                .alignmentMaxDrift(alignmentMaxDrift)
                .rollups(rollups)
                .rules(rules)
                .build();
    }
}
