package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.pipeline.sink.remotewrite.RemoteWriteAuth;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteWriteConfigTest {

    private static final String SOURCE = """
            source:
              kafka:
                bootstrap-servers: 127.0.0.1:9092
                topic: frames
            """;

    @Test
    void parse_everyKey_givesEveryValueAndDerivedInherits() {
        StrataConfig config = StrataConfigLoader.parse(SOURCE + """
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                    send-tenant-header: true
                    auth:
                      basic:
                        username: strata
                        password: hunter2
                    max-batch-samples: 1000
                    max-batch-bytes: 1000000
                    max-batch-age: 2s
                    max-in-flight: 8
                    max-buffered-samples: 50000
                    max-retries: 5
                    initial-backoff: 50ms
                    max-backoff: 5s
                    request-timeout: 10s
                    high-water-mark-max-series: 1000
                    receiver-window: 10m
                    derived:
                      url: http://127.0.0.1:9091/api/v1/write
                      auth:
                        bearer-token: t0ken
                """, "strata.yaml");

        var raw = config.remoteWrite();
        assertThat(raw.url()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/write"));
        assertThat(raw.auth().kind()).isEqualTo(RemoteWriteAuth.Kind.BASIC);
        assertThat(raw.sendTenantHeader()).isTrue();
        assertThat(raw.maxBatchSamples()).isEqualTo(1000);
        assertThat(raw.maxBatchBytes()).isEqualTo(1_000_000);
        assertThat(raw.maxBatchAge()).isEqualTo(Duration.ofSeconds(2));
        assertThat(raw.shards()).isEqualTo(8);
        assertThat(raw.maxBufferedSamples()).isEqualTo(50_000);
        assertThat(raw.maxRetries()).isEqualTo(5);
        assertThat(raw.initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(raw.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(raw.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(raw.highWaterMarkMaxSeries()).isEqualTo(1000);
        assertThat(raw.receiverWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(raw.toString()).contains("user=strata").doesNotContain("hunter2");

        var derived = config.remoteWriteDerived();
        assertThat(derived.url()).isEqualTo(URI.create("http://127.0.0.1:9091/api/v1/write"));
        assertThat(derived.auth().kind()).isEqualTo(RemoteWriteAuth.Kind.BEARER);
        assertThat(derived.toString()).doesNotContain("t0ken");
        assertThat(derived.maxBatchSamples()).isEqualTo(1000);
        assertThat(derived.sendTenantHeader()).isTrue();
    }

    @Test
    void parse_sigV4_defaultsToTheAmpService() {
        StrataConfig config = StrataConfigLoader.parse(SOURCE + """
                hot:
                  remote-write:
                    url: https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write
                    auth:
                      sigv4:
                        region: eu-west-1
                """, "strata.yaml");

        assertThat(config.remoteWrite().auth()).isEqualTo(RemoteWriteAuth.sigV4("eu-west-1", "aps"));
    }

    @Test
    void parse_credentialsInTheUrl_rejectedWithoutEchoingThem() {
        String yaml = SOURCE + """
                hot:
                  remote-write:
                    url: http://strata:hunter2@127.0.0.1:9090/api/v1/write
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, "strata.yaml"));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.url: has credentials in the URL")
                .contains("auth.basic"));
    }

    @Test
    void parse_noDerived_derivedIsTheRawEndpoint() {
        StrataConfig config = StrataConfigLoader.parse(SOURCE + """
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                """, "strata.yaml");

        assertThat(config.remoteWriteDerived()).isEqualTo(config.remoteWrite());
        assertThat(config.remoteWrite().shards()).isEqualTo(4);
        assertThat(config.remoteWrite().receiverWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void parse_receiverWindow_zeroTurnsItOffAndNegativeNamesTheKey() {
        String yaml = SOURCE + """
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                    receiver-window: %s
                """;

        assertThat(StrataConfigLoader.parse(yaml.formatted("0s"), "strata.yaml").remoteWrite().receiverWindow()).isZero();
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StrataConfigLoader.parse(yaml.formatted("-1h"), "strata.yaml"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.receiver-window: ").contains("-1h"));
    }

    @Test
    void parse_twoCredentialsAndBadBackoff_namesTheKeysAndTheFix() {
        String yaml = SOURCE + """
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                    auth:
                      bearer-token: a
                      basic:
                        username: u
                        password: p
                    initial-backoff: 10s
                    max-backoff: 1s
                    tls:
                      cert-file: /nonexistent/client.pem
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.parse(yaml, "strata.yaml"));

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.auth: set one of bearer-token, bearer-token-file, basic and sigv4"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.initial-backoff: need 0 < initial-backoff"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("hot.remote-write.tls.cert-file: file '/nonexistent/client.pem'"));
    }
}
