package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.source.EventTime;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrataConfigLoaderTest {

    private static final String SOURCE = "strata.yaml";

    private static final String FULL = """
            source:
              default-tenant: acme
              kafka:
                bootstrap-servers: 127.0.0.1:9092
                topic: frames
                group-id: strata-test
                starting-offsets: latest
                bounded: true
                properties:
                  fetch.min.bytes: 1024
            policy:
              allowlist: [region, az]
              forbidden: [player_id, email]
              unknown-labels: strip
              max-future-skew: 1m
              max-frame-bytes: 2048
            event-time:
              max-out-of-orderness: 30s
              idleness: 500ms
            hot:
              remote-write:
                url: http://127.0.0.1:9090/api/v1/write
                headers:
                  Authorization: Bearer token
                send-tenant-header: true
                max-batch-samples: 500
                max-retries: 3
                request-timeout: 5s
            cold:
              path: out/strata-cold
            job:
              parallelism: 4
              checkpoint-interval: 2h
              state-backend: rocksdb
            """;

    /** Just enough for a valid config: a topic and one output. */
    private static final String MINIMAL = """
            source:
              kafka:
                bootstrap-servers: 127.0.0.1:9092
                topic: frames
            cold:
              path: file:///tmp/strata
            """;

    @Test
    void parse_fullConfig_givesEveryValue() {
        StrataConfig config = StrataConfigLoader.parse(FULL, SOURCE);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.kafka().topic()).isEqualTo("frames");
        assertThat(config.kafka().groupId()).isEqualTo("strata-test");
        assertThat(config.kafka().startFromEarliest()).isFalse();
        assertThat(config.kafka().bounded()).isTrue();
        assertThat(config.kafka().defaultTenant()).isEqualTo("acme");
        assertThat(config.kafka().extraProperties()).containsEntry("fetch.min.bytes", "1024");

        assertThat(config.policy().allowedLabels()).containsExactlyInAnyOrder("__name__", "job", "instance", "le", "region", "az");
        assertThat(config.policy().forbiddenLabels()).containsExactlyInAnyOrder("player_id", "email");
        assertThat(config.policy().unknownLabelAction()).isEqualTo(UnknownLabelAction.STRIP);
        assertThat(config.decodeLimits().maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.decodeLimits().maxFrameBytes()).isEqualTo(2048);

        assertThat(config.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.idleness()).isEqualTo(Duration.ofMillis(500));

        assertThat(config.remoteWrite().url()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/write"));
        assertThat(config.remoteWrite().headers()).isEqualTo(Map.of("Authorization", "Bearer token"));
        assertThat(config.remoteWrite().sendTenantHeader()).isTrue();
        assertThat(config.remoteWrite().maxBatchSamples()).isEqualTo(500);
        assertThat(config.remoteWrite().maxRetries()).isEqualTo(3);
        assertThat(config.remoteWrite().requestTimeout()).isEqualTo(Duration.ofSeconds(5));

        assertThat(config.parallelism()).isEqualTo(4);
        assertThat(config.checkpointInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(config.stateBackend()).isEqualTo(StateBackendChoice.ROCKSDB);
    }

    @Test
    void parse_relativeColdPath_becomesAbsoluteFileUri() {
        StrataConfig config = StrataConfigLoader.parse(FULL, SOURCE);

        URI cold = URI.create(config.coldPath());
        assertThat(cold.getScheme()).isEqualTo("file");
        assertThat(cold.isAbsolute()).isTrue();
        assertThat(Path.of(cold)).isEqualTo(Path.of("out/strata-cold").toAbsolutePath().normalize());
    }

    @Test
    void parse_coldPathWithScheme_isKeptAsIs() {
        assertThat(StrataConfigLoader.parse(MINIMAL, SOURCE).coldPath()).isEqualTo("file:///tmp/strata");
    }

    @Test
    void parse_minimalConfig_takesDefaults() {
        StrataConfig config = StrataConfigLoader.parse(MINIMAL, SOURCE);

        assertThat(config.remoteWrite()).isNull();
        assertThat(config.kafka().groupId()).isEqualTo("strata");
        assertThat(config.kafka().startFromEarliest()).isTrue();
        assertThat(config.kafka().defaultTenant()).isEqualTo("default");
        assertThat(config.policy().unknownLabelAction()).isEqualTo(UnknownLabelAction.REJECT);
        assertThat(config.parallelism()).isEqualTo(StrataConfig.DEFAULT_PARALLELISM);
        assertThat(config.checkpointInterval()).isEqualTo(StrataConfig.DEFAULT_CHECKPOINT_INTERVAL);
        assertThat(config.stateBackend()).isEqualTo(StateBackendChoice.HASHMAP);
    }

    @Test
    void parse_missingTopic_namesTheKey() {
        String yaml = MINIMAL.replace("    topic: frames\n", "");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString().startsWith("source.kafka.topic: required");
        assertThat(e).hasMessageContaining(SOURCE).hasMessageContaining("source.kafka.topic");
    }

    @Test
    void parse_misspelledKey_namesItAndListsTheValidKeys() {
        String yaml = MINIMAL + """
                hot:
                  remote-write:
                    urll: http://127.0.0.1:9090/api/v1/write
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("hot.remote-write.urll: unknown key")
                .contains("url", "headers", "send-tenant-header", "max-batch-samples", "max-retries", "request-timeout", "max-in-flight"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.url: required"));
    }

    @Test
    void parse_rollupsAndAlignment_givesEveryValue() {
        String yaml = MINIMAL + """
                event-time:
                  alignment-max-drift: 2m
                rollups:
                  allowed-lateness:
                    1m: 30s
                    5m: 2m
                    1h: 1h
                """;

        StrataConfig config = StrataConfigLoader.parse(yaml, SOURCE);

        assertThat(config.alignmentMaxDrift()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.rollups()).isEqualTo(new RollupSettings(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1)));
        assertThat(config.pipelineSettings().rollups()).isEqualTo(config.rollups());
        assertThat(config.pipelineSettings().alignmentMaxDrift()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void parse_withoutRollupsSection_defaultLatenessAndAlignment() {
        StrataConfig config = StrataConfigLoader.parse(MINIMAL, SOURCE);

        assertThat(config.rollups()).isEqualTo(RollupSettings.defaults());
        assertThat(config.alignmentMaxDrift()).isEqualTo(EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT);
    }

    @Test
    void parse_alignmentZero_turnsAlignmentOff() {
        StrataConfig config = StrataConfigLoader.parse(MINIMAL + "event-time:\n  alignment-max-drift: 0s\n", SOURCE);

        assertThat(config.alignmentMaxDrift()).isNull();
    }

    @Test
    void parse_idlenessZero_namesKeyAndWhy() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StrataConfigLoader.parse(MINIMAL + "event-time:\n  idleness: 0s\n", SOURCE));

        assertThat(e.problems()).singleElement().asString().startsWith("event-time.idleness: must be positive");
    }

    @Test
    void parse_latenessShrinkingToCoarserResolution_namesKeyAndValues() {
        String yaml = MINIMAL + """
                rollups:
                  allowed-lateness:
                    1m: 10m
                    5m: 5m
                    1hour: 1h
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("rollups.allowed-lateness.1hour: unknown key"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("rollups.allowed-lateness:")
                .contains("must not shrink").contains("1m PT10M").contains("5m PT5M"));
    }

    @Test
    void parse_badDuration_namesKeyAndValue() {
        String yaml = MINIMAL + """
                event-time:
                  idleness: 5 minutes
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("event-time.idleness:")
                .contains("'5 minutes'");
    }

    @Test
    void parse_severalProblems_reportsThemAllAtOnce() {
        String yaml = """
                source:
                  kafka:
                    bootstrap-servers: 127.0.0.1:9092
                event-time:
                  max-out-of-orderness: soon
                job:
                  parallelism: 0
                  checkpoint-intervall: 1m
                  state-backend: memory
                cold:
                  path: out/strata-cold
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kafka.topic:"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("event-time.max-out-of-orderness:").contains("'soon'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("job.parallelism:").contains("'0'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("job.checkpoint-intervall: unknown key"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).isEqualTo("job.state-backend: expected one of [hashmap, rocksdb], got 'memory'"));
        assertThat(e).hasMessageStartingWith(SOURCE + " has 5 problems:");
    }

    @Test
    void parse_labelBothAllowedAndForbidden_namesIt() {
        String yaml = MINIMAL + """
                policy:
                  allowlist: [region, player_id]
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("policy.allowlist:")
                .contains("[player_id]", "policy.forbidden");
    }

    @Test
    void parse_identityLabelForbidden_isConfigProblem() {
        String yaml = MINIMAL + """
                policy:
                  forbidden: [player_id, instance]
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("policy.forbidden:")
                .contains("[instance]");
    }

    @Test
    void parse_neitherHotNorCold_namesBoth() {
        String yaml = """
                source:
                  kafka:
                    bootstrap-servers: 127.0.0.1:9092
                    topic: frames
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString().contains("hot.remote-write.url", "cold.path");
    }

    // ---- limits and overload ----------------------------------------------------------------

    @Test
    void parse_limitsSection_givesEveryValueAndNewTenantInheritsDefault() {
        String yaml = MINIMAL + """
                limits:
                  max-series-per-host: 500
                  series-ttl: 30m
                  tenant-shards: 8
                  tenants:
                    default:
                      samples-rate-limit: 10000
                      max-series: 1000000
                      max-label-names: 25
                    lowprio:
                      samples-rate-limit: 2000
                      priority: 10
                    new-tenant:
                      max-series: 5000
                      max-label-value-length: 256
                      priority: 50
                overload:
                  freshness-threshold: 20s
                  sustain: 1m
                """;

        EnforcementSettings limits = StrataConfigLoader.parse(yaml, SOURCE).enforcement();

        assertThat(limits.maxSeriesPerHost()).isEqualTo(500);
        assertThat(limits.seriesTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(limits.tenantShards()).isEqualTo(8);
        TenantLimitsTable tenants = limits.tenants();
        assertThat(tenants.configured()).containsOnlyKeys("default", "lowprio", "new-tenant");
        // Unset keys of default come from the platform default (label value length 2048, priority 100).
        assertThat(tenants.limitsOf("default")).isEqualTo(new TenantLimits(10_000, 1_000_000, 25, 2048, 100));
        // Unset keys of the other tenants come from the configured default.
        assertThat(tenants.limitsOf("lowprio")).isEqualTo(new TenantLimits(2_000, 1_000_000, 25, 2048, 10));
        assertThat(tenants.limitsOf("new-tenant")).isEqualTo(new TenantLimits(10_000, 5_000, 25, 256, 50));
        assertThat(tenants.limitsOf("unlisted")).isEqualTo(tenants.limitsOf("default"));
        assertThat(tenants.highestPriority()).isEqualTo(100);
        assertThat(limits.overloadEnabled()).isTrue();
        assertThat(limits.overloadFreshnessThreshold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(limits.overloadSustain()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parse_tenantsWithoutDefault_defaultIsPlatformDefaultAndListedTenantsAreExactlyThose() {
        String yaml = MINIMAL + """
                limits:
                  tenants:
                    new-tenant:
                      priority: 50
                """;

        TenantLimitsTable tenants = StrataConfigLoader.parse(yaml, SOURCE).enforcement().tenants();

        assertThat(tenants.configured()).containsOnlyKeys("default", "new-tenant");
        assertThat(tenants.limitsOf("default")).isEqualTo(TenantLimits.PLATFORM_DEFAULT);
        assertThat(tenants.limitsOf("new-tenant")).isEqualTo(new TenantLimits(20_000, 2_000_000, 30, 2048, 50));
        // Documented in docs/CONFIG.md: with limits.tenants, lowprio is not special any more.
        assertThat(tenants.limitsOf("lowprio")).isEqualTo(TenantLimits.PLATFORM_DEFAULT);
    }

    @Test
    void parse_tenantRateNotANumber_namesDottedKeyAndValue() {
        String yaml = MINIMAL + """
                limits:
                  tenants:
                    lowprio:
                      samples-rate-limit: fast
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("limits.tenants.lowprio.samples-rate-limit:")
                .contains("'fast'");
    }

    @Test
    void parse_unknownKeyUnderTenant_namesItAndListsTheValidKeys() {
        String yaml = MINIMAL + """
                limits:
                  tenants:
                    lowprio:
                      max-serie: 10
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("limits.tenants.lowprio.max-serie: unknown key")
                .contains("samples-rate-limit", "max-series", "max-label-names", "max-label-value-length", "priority");
    }

    @Test
    void parse_unknownKeyUnderDefaultTenant_namesIt() {
        String yaml = MINIMAL + """
                limits:
                  tenants:
                    default:
                      rate: 10
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString().startsWith("limits.tenants.default.rate: unknown key");
    }

    @Test
    void parse_tenantNotASection_namesIt() {
        String yaml = MINIMAL + """
                limits:
                  tenants:
                    lowprio: 5000
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).singleElement().asString().startsWith("limits.tenants.lowprio:");
    }

    @Test
    void parse_badLimitsAndOverloadValues_reportsThemAll() {
        String yaml = MINIMAL + """
                limits:
                  tenant-shards: 0
                  series-ttl: forever
                  max-series-per-hosts: 10
                overload:
                  enabled: maybe
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("limits.tenant-shards:").contains("'0'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("limits.series-ttl:").contains("'forever'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("limits.max-series-per-hosts: unknown key"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("overload.enabled:").contains("'maybe'"));
    }

    @Test
    void parse_overloadDisabled_parsesWithDefaultThresholds() {
        String yaml = MINIMAL + """
                overload: {enabled: false}
                """;

        EnforcementSettings limits = StrataConfigLoader.parse(yaml, SOURCE).enforcement();

        assertThat(limits.overloadEnabled()).isFalse();
        assertThat(limits.overloadFreshnessThreshold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.overloadSustain()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parse_noLimitsSection_takesPlatformDefaults() {
        EnforcementSettings limits = StrataConfigLoader.parse(MINIMAL, SOURCE).enforcement();

        assertThat(limits.maxSeriesPerHost()).isEqualTo(300);
        assertThat(limits.tenantShards()).isEqualTo(16);
        assertThat(limits.seriesTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(limits.tenants().configured()).containsOnlyKeys("default", "lowprio");
        assertThat(limits.tenants().limitsOf("default")).isEqualTo(new TenantLimits(20_000, 2_000_000, 30, 2048, 100));
        assertThat(limits.tenants().limitsOf("lowprio")).isEqualTo(new TenantLimits(5_000, 2_000_000, 30, 2048, 10));
        assertThat(limits.overloadEnabled()).isTrue();
        assertThat(limits.overloadFreshnessThreshold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.overloadSustain()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parse_limitsSectionWithoutTenants_keepsPlatformTenants() {
        String yaml = MINIMAL + """
                limits:
                  max-series-per-host: 1000
                """;

        EnforcementSettings limits = StrataConfigLoader.parse(yaml, SOURCE).enforcement();

        assertThat(limits.maxSeriesPerHost()).isEqualTo(1000);
        assertThat(limits.tenants().configured()).isEqualTo(TenantLimitsTable.platformDefault().configured());
    }

    @Test
    void parse_notYaml_isConfigProblem() {
        assertThatThrownBy(() -> StrataConfigLoader.parse("source: [unclosed", SOURCE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void load_missingFile_saysSo() {
        assertThatThrownBy(() -> StrataConfigLoader.load(Path.of("does/not/exist.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("file not found");
    }
}
