package io.strata.pipeline.sink.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteWriteSettingsTest {

    private static final URI URL = URI.create("http://127.0.0.1:9090/api/v1/write");

    @Test
    void build_defaults_twoFullBatchesPerShardBuffered() {
        RemoteWriteSettings settings = RemoteWriteSettings.of(URL);

        assertThat(settings.shards()).isEqualTo(RemoteWriteSettings.DEFAULT_SHARDS);
        assertThat(settings.maxBufferedSamples()).isEqualTo(2 * RemoteWriteSettings.DEFAULT_SHARDS * RemoteWriteSettings.DEFAULT_MAX_BATCH_SAMPLES);
        assertThat(settings.receiverWindow()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void build_negativeReceiverWindow_throws() {
        assertThatThrownBy(() -> RemoteWriteSettings.builder(URL).setReceiverWindow(Duration.ofMinutes(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receiverWindow must not be negative");
    }

    @Test
    void toString_neverShowsSecrets() {
        RemoteWriteSettings settings = RemoteWriteSettings.builder(URL).setHeaders(Map.of("X-Api-Key", "k3y"))
                .setAuth(RemoteWriteAuth.basic("strata", "hunter2")).build();

        assertThat(settings.toString()).contains("X-Api-Key", "user=strata").doesNotContain("k3y", "hunter2");
        assertThat(RemoteWriteAuth.bearer("t0ken").toString()).doesNotContain("t0ken");
    }

    @Test
    void build_bufferSmallerThanABatch_throwsNamingBoth() {
        assertThatThrownBy(() -> RemoteWriteSettings.builder(URL).setMaxBatchSamples(500).setMaxBufferedSamples(100).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBufferedSamples (100)").hasMessageContaining("(500)");
    }

    @Test
    void build_backoffCeilingBelowStart_throws() {
        assertThatThrownBy(() -> RemoteWriteSettings.builder(URL).setBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff <= maxBackoff");
    }

    @Test
    void build_noShards_throws() {
        assertThatThrownBy(() -> RemoteWriteSettings.builder(URL).setShards(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shards must be positive");
    }
}
