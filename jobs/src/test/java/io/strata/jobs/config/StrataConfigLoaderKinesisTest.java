package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.pipeline.source.KinesisSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings.InitialPosition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@code source.kinesis} section: values, defaults, and each rejected combination. */
class StrataConfigLoaderKinesisTest {

    private static final String SOURCE = "strata.yaml";
    private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/remote-write";
    private static final String COLD = """
            cold:
              path: file:///tmp/strata
            """;

    private static String kinesis(String keys) {
        return """
                source:
                  default-tenant: acme
                  kinesis:
                """ + keys.indent(4) + COLD;
    }

    private static ConfigException problems(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, SOURCE));
    }

    @Test
    void parse_fullKinesisSection_givesEveryValue() {
        StrataConfig config = StrataConfigLoader.parse(kinesis("""
                stream-arn: %s
                region: eu-west-1
                endpoint: http://127.0.0.1:19094
                credentials:
                  provider: static
                  access-key-id: AKIDEXAMPLE
                  secret-access-key: s3cr3t
                initial-position: at-timestamp
                initial-timestamp: 2026-11-26T21:00:00Z
                tenant-from-partition-key: true
                properties:
                  flink.shard.discovery.intervalmillis: "1000"
                """.formatted(ARN)), SOURCE);

        KinesisSourceSettings k = config.kinesis();
        assertThat(config.kafka()).isNull();
        assertThat(k.streamArn()).isEqualTo(ARN);
        assertThat(k.streamName()).isEqualTo("remote-write");
        assertThat(k.region()).isEqualTo("eu-west-1");
        assertThat(k.endpoint()).isEqualTo("http://127.0.0.1:19094");
        assertThat(k.credentials().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(k.credentials().toString()).doesNotContain("s3cr3t");
        assertThat(k.initialPosition()).isEqualTo(InitialPosition.AT_TIMESTAMP);
        assertThat(k.initialTimestamp()).isEqualTo(Instant.parse("2026-11-26T21:00:00Z"));
        assertThat(k.defaultTenant()).isEqualTo("acme");
        assertThat(k.tenantFromPartitionKey()).isTrue();
        assertThat(k.connectorConfig().toMap())
                .containsEntry("aws.region", "eu-west-1")
                .containsEntry("aws.endpoint", "http://127.0.0.1:19094")
                .containsEntry("aws.credentials.provider", "BASIC")
                .containsEntry("flink.stream.initpos", "AT_TIMESTAMP")
                .containsEntry("flink.stream.initpos.timestamp", "2026-11-26T21:00:00.000Z")
                .containsEntry("flink.shard.discovery.intervalmillis", "1000");
        assertThat(config.sourceDescription()).startsWith("kinesis " + ARN);
    }

    @Test
    void parse_minimalKinesisSection_takesDefaults() {
        KinesisSourceSettings k = StrataConfigLoader.parse(kinesis("stream-arn: " + ARN), SOURCE).kinesis();

        assertThat(k.region()).as("from the ARN").isEqualTo("eu-west-1");
        assertThat(k.endpoint()).isNull();
        assertThat(k.credentials()).as("the SDK's default chain").isNull();
        assertThat(k.initialPosition()).isEqualTo(InitialPosition.LATEST);
        assertThat(k.tenantFromPartitionKey()).isFalse();
        assertThat(k.connectorConfig().toMap()).containsEntry("aws.credentials.provider", "AUTO").doesNotContainKey("aws.endpoint");
    }

    @Test
    void parse_kafkaAndKinesis_oneProblemNamingBoth() {
        String yaml = """
                source:
                  kafka:
                    bootstrap-servers: 127.0.0.1:9092
                    topic: frames
                  kinesis:
                    stream-arn: %s
                """.formatted(ARN) + COLD;

        assertThat(problems(yaml).problems()).singleElement().asString()
                .startsWith("source.kafka, source.kinesis: both are configured").contains("keep one");
    }

    @Test
    void parse_noSource_asksForOne() {
        assertThat(problems("source:\n  default-tenant: a\n" + COLD).problems()).singleElement().asString()
                .startsWith("source.kafka: required (or source.kinesis)");
    }

    @Test
    void parse_streamNameInsteadOfArn_showsTheArnForm() {
        assertThat(problems(kinesis("stream-arn: remote-write")).problems()).singleElement().asString()
                .startsWith("source.kinesis.stream-arn: expected arn:aws:kinesis:<region>:<account>:stream/<name>, got 'remote-write'");
    }

    @Test
    void parse_atTimestampWithoutTimestamp_isProblem() {
        assertThat(problems(kinesis("stream-arn: " + ARN + "\ninitial-position: at-timestamp")).problems()).singleElement().asString()
                .startsWith("source.kinesis.initial-timestamp: required with initial-position: at-timestamp");
    }

    @Test
    void parse_timestampWithLatest_isProblem() {
        assertThat(problems(kinesis("stream-arn: " + ARN + "\ninitial-timestamp: 2026-11-26T21:00:00Z")).problems()).singleElement().asString()
                .startsWith("source.kinesis.initial-timestamp: only applies with initial-position: at-timestamp (got latest)");
    }

    @Test
    void parse_badTimestampAndPositionAndKeys_allReportedAtOnce() {
        ConfigException e = problems(kinesis("""
                stream-arn: %s
                initial-position: earliest
                initial-timestamp: yesterday
                endpoint: localhost:19094
                credentials:
                  provider: static
                  access-key-id: AKIDEXAMPLE
                streem: x
                """.formatted(ARN)));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kinesis.initial-position: expected one of [latest, trim_horizon, at_timestamp], got 'earliest'"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kinesis.endpoint: expected a URL with scheme"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kinesis.credentials.secret-access-key: required"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("source.kinesis.streem: unknown key"));
    }

    @Test
    void parse_keysWithDefaultProvider_isProblem() {
        assertThat(problems(kinesis("stream-arn: " + ARN + "\ncredentials:\n  access-key-id: AKIDEXAMPLE\n  secret-access-key: s")).problems())
                .singleElement().asString().startsWith("source.kinesis.credentials.provider: is 'default'");
    }
}
