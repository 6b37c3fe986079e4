package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
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
        assertThat(config.maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.maxFrameBytes()).isEqualTo(2048);

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
                .contains("url", "headers", "send-tenant-header", "max-batch-samples", "max-retries", "request-timeout"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.url: required"));
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
                cold:
                  path: out/strata-cold
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kafka.topic:"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("event-time.max-out-of-orderness:").contains("'soon'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("job.parallelism:").contains("'0'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("job.checkpoint-intervall: unknown key"));
        assertThat(e).hasMessageStartingWith(SOURCE + " has 4 problems:");
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
