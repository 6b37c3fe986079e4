package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.pipeline.sink.cold.s3.S3ColdSettings;
import java.net.URI;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class StrataConfigLoaderS3Test {

    private static final String SOURCE = "strata.yaml";

    private static final String KAFKA = """
            source:
              kafka:
                bootstrap-servers: 127.0.0.1:9092
                topic: frames
            """;

    @Test
    void parse_s3ColdPath_givesEveryValue_andHidesTheSecret() {
        StrataConfig config = StrataConfigLoader.parse(KAFKA + """
                cold:
                  path: s3://strata-cold/prod/
                  s3:
                    endpoint: http://127.0.0.1:19096
                    path-style: true
                    region: eu-west-1
                    credentials:
                      provider: static
                      access-key-id: AKIDEXAMPLE
                      secret-access-key: very-secret
                    sse-kms-key-id: arn:aws:kms:eu-west-1:123456789012:key/abc
                    codec: zstd
                    part-size-mib: 16
                    max-file-size-mib: 64
                """, SOURCE);

        assertThat(config.coldPath()).isEqualTo("s3://strata-cold/prod/");
        S3ColdSettings s3 = config.coldS3();
        assertThat(s3.client().endpoint()).isEqualTo(URI.create("http://127.0.0.1:19096"));
        assertThat(s3.client().pathStyle()).isTrue();
        assertThat(s3.client().region()).isEqualTo("eu-west-1");
        assertThat(s3.client().accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(s3.client().sseKmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:key/abc");
        assertThat(s3.codec()).isEqualTo(CompressionCodecName.ZSTD);
        assertThat(s3.partSizeBytes()).isEqualTo(16L << 20);
        assertThat(s3.maxFileBytes()).isEqualTo(64L << 20);
        assertThat(s3.toString()).doesNotContain("very-secret").contains("AKIDEXAMPLE/<redacted>");
    }

    @Test
    void parse_s3ColdPathAlone_takesSdkChainsAndSinkDefaults() {
        StrataConfig config = StrataConfigLoader.parse(KAFKA + """
                cold:
                  path: s3://strata-cold
                """, SOURCE);

        assertThat(config.coldS3()).isEqualTo(S3ColdSettings.defaults());
        assertThat(config.coldS3().client().accessKeyId()).isNull();
    }

    @Test
    void parse_badS3Values_reportsThemAll() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(KAFKA + """
                cold:
                  path: s3:///no-bucket
                  s3:
                    endpoint: ftp://example
                    codec: lz4
                    part-size-mib: 4
                    credentials:
                      access-key-id: AKIDEXAMPLE
                """, SOURCE));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("cold.path:").contains("s3://bucket"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("cold.s3.endpoint:").contains("ftp://example"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("cold.s3.codec:").contains("snappy", "zstd", "lz4"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("cold.s3.part-size-mib:").contains("at least 5"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("cold.s3.credentials.provider:").contains("provider: static"));
    }

    @Test
    void parse_s3SectionWithLocalPath_namesBoth() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(KAFKA + """
                cold:
                  path: file:///tmp/strata
                  s3:
                    region: eu-west-1
                """, SOURCE));

        assertThat(e.problems()).singleElement().asString().startsWith("cold.s3:").contains("cold.path", "s3://");
    }
}
