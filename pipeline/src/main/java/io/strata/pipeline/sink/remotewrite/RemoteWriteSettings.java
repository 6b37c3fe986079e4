package io.strata.pipeline.sink.remotewrite;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the remote_write sink sends.
 *
 * @param url the receiver's write endpoint, e.g. {@code http://127.0.0.1:9090/api/v1/write}
 * @param headers extra request headers (e.g. {@code Authorization}); their values are never logged
 * @param sendTenantHeader send each sample's tenant as {@code X-Scope-OrgID} (Mimir, Cortex)
 * @param maxBatchSamples samples per request at most
 * @param maxBatchAge how long a partial batch waits for more samples before it is sent
 * @param maxRetries attempts after the first before the job fails and restarts from its checkpoint
 */
public record RemoteWriteSettings(
        URI url,
        Map<String, String> headers,
        boolean sendTenantHeader,
        int maxBatchSamples,
        Duration maxBatchAge,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout) implements Serializable {

    public static final int DEFAULT_MAX_BATCH_SAMPLES = 2_000;
    public static final Duration DEFAULT_MAX_BATCH_AGE = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_RETRIES = 10;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public RemoteWriteSettings {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        if (maxBatchSamples <= 0) {
            throw new IllegalArgumentException("maxBatchSamples must be positive, got " + maxBatchSamples);
        }
    }

    /** Defaults for everything but the URL. */
    public static RemoteWriteSettings of(URI url) {
        return new RemoteWriteSettings(url, Map.of(), false, DEFAULT_MAX_BATCH_SAMPLES, DEFAULT_MAX_BATCH_AGE, DEFAULT_MAX_RETRIES,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_REQUEST_TIMEOUT);
    }

    @Override
    public String toString() {
        // Header values can be credentials.
        return "RemoteWriteSettings{url=" + url + ", headers=" + headers.keySet() + ", sendTenantHeader=" + sendTenantHeader
                + ", maxBatchSamples=" + maxBatchSamples + ", maxBatchAge=" + maxBatchAge + ", maxRetries=" + maxRetries + '}';
    }
}
