package io.strata.pipeline.sink.remotewrite;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the remote_write sink sends: endpoint, credentials, batching, concurrency and
 * retries. Immutable; build it with {@link #builder(URI)}. {@link #toString()} never shows a
 * credential or a header value.
 *
 * @param url the receiver's write endpoint, e.g. {@code http://127.0.0.1:9090/api/v1/write}
 * @param headers extra request headers; their values are never logged
 * @param sendTenantHeader send each sample's tenant as {@code X-Scope-OrgID} (Mimir, Cortex)
 * @param auth how requests authenticate
 * @param tls custom CA and client certificate, or {@code null} for the JDK's trust store and no client certificate
 * @param maxBatchSamples samples per request at most
 * @param maxBatchBytes uncompressed protobuf bytes per request at most (estimated before encoding)
 * @param maxBatchAge how long a partial batch waits for more samples before it is sent
 * @param shards requests in flight per subtask at most; a series always goes through the same shard
 * @param maxBufferedSamples samples a subtask holds (batched, queued, in flight) before {@code write} waits
 * @param maxRetries attempts after the first before the job fails and restarts from its checkpoint
 * @param highWaterMarkMaxSeries series whose last delivered timestamp a subtask keeps in its state
 * @param receiverWindow how far behind the newest sample the receiver accepted it still takes older ones; zero: unknown
 * @param maxHeldSamples raw samples a subtask holds back at most while they are ahead of the job's watermark
 *     ({@link ReleaseInStepOperator}); beyond that the oldest leave early
 */
public record RemoteWriteSettings(
        URI url,
        Map<String, String> headers,
        boolean sendTenantHeader,
        RemoteWriteAuth auth,
        RemoteWriteTls tls,
        int maxBatchSamples,
        int maxBatchBytes,
        Duration maxBatchAge,
        int shards,
        int maxBufferedSamples,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration requestTimeout,
        int highWaterMarkMaxSeries,
        Duration receiverWindow,
        int maxHeldSamples) implements Serializable {

    /** Prometheus' own remote_write default {@code max_samples_per_send}; 4x the official Flink sink's 500. */
    public static final int DEFAULT_MAX_BATCH_SAMPLES = 2_000;
    /** Well under the 10 MB that Mimir and Amazon Managed Prometheus accept per request. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_MAX_BATCH_AGE = Duration.ofSeconds(1);
    /** Requests in flight per subtask; the official Flink sink has 1. */
    public static final int DEFAULT_SHARDS = 4;
    /** With the default backoff, about 7 minutes of retries. */
    public static final int DEFAULT_MAX_RETRIES = 120;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /**
     * Prometheus' own remote_write {@code max_backoff}. Short, because the raw and the derived
     * writers retry on their own: after an outage, whichever is parked longer falls behind the
     * other by what it could have sent meanwhile, and a replay runs an hour of event time in
     * half a minute, past the receiver's window.
     */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** 16 bytes of state per series: 8 MB per subtask at most. */
    public static final int DEFAULT_HIGH_WATER_MARK_MAX_SERIES = 500_000;
    /** Prometheus refuses samples older than its head's newest minus one hour ({@code out of bounds}). */
    public static final Duration DEFAULT_RECEIVER_WINDOW = Duration.ofHours(1);

    public RemoteWriteSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(maxBatchAge, "maxBatchAge");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(receiverWindow, "receiverWindow");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        requirePositive("maxBatchSamples", maxBatchSamples);
        requirePositive("maxBatchBytes", maxBatchBytes);
        requirePositive("shards", shards);
        requirePositive("highWaterMarkMaxSeries", highWaterMarkMaxSeries);
        requirePositive("maxHeldSamples", maxHeldSamples);
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        if (receiverWindow.isNegative()) {
            throw new IllegalArgumentException("receiverWindow must not be negative, got " + receiverWindow);
        }
        if (maxBufferedSamples < maxBatchSamples) {
            throw new IllegalArgumentException("maxBufferedSamples (" + maxBufferedSamples + ") must be at least maxBatchSamples ("
                    + maxBatchSamples + ")");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, got " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** Defaults for everything but the URL. */
    public static RemoteWriteSettings of(URI url) {
        return builder(url).build();
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** A builder starting from these settings, e.g. to point the derived series at another endpoint. */
    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.headers.putAll(headers);
        b.sendTenantHeader = sendTenantHeader;
        b.auth = auth;
        b.tls = tls;
        b.maxBatchSamples = maxBatchSamples;
        b.maxBatchBytes = maxBatchBytes;
        b.maxBatchAge = maxBatchAge;
        b.shards = shards;
        b.maxBufferedSamples = maxBufferedSamples;
        b.maxRetries = maxRetries;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.requestTimeout = requestTimeout;
        b.highWaterMarkMaxSeries = highWaterMarkMaxSeries;
        b.receiverWindow = receiverWindow;
        b.maxHeldSamples = maxHeldSamples;
        return b;
    }

    @Override
    public String toString() {
        return "RemoteWriteSettings{url=" + url + ", headers=" + headers.keySet() + ", sendTenantHeader=" + sendTenantHeader
                + ", auth=" + auth + ", tls=" + tls + ", maxBatchSamples=" + maxBatchSamples + ", maxBatchBytes=" + maxBatchBytes
                + ", maxBatchAge=" + maxBatchAge + ", shards=" + shards + ", maxBufferedSamples=" + maxBufferedSamples
                + ", maxRetries=" + maxRetries + ", backoff=" + initialBackoff + ".." + maxBackoff + ", requestTimeout="
                + requestTimeout + ", highWaterMarkMaxSeries=" + highWaterMarkMaxSeries + ", receiverWindow=" + receiverWindow
                + ", maxHeldSamples=" + maxHeldSamples + '}';
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Builds {@link RemoteWriteSettings}; unset values take the {@code DEFAULT_…} constants. */
    public static final class Builder {
        private URI url;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean sendTenantHeader;
        private RemoteWriteAuth auth = RemoteWriteAuth.none();
        private RemoteWriteTls tls;
        private int maxBatchSamples = DEFAULT_MAX_BATCH_SAMPLES;
        private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private Duration maxBatchAge = DEFAULT_MAX_BATCH_AGE;
        private int shards = DEFAULT_SHARDS;
        private Integer maxBufferedSamples;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int highWaterMarkMaxSeries = DEFAULT_HIGH_WATER_MARK_MAX_SERIES;
        private Duration receiverWindow = DEFAULT_RECEIVER_WINDOW;
        private int maxHeldSamples = ReleaseInStepOperator.DEFAULT_MAX_HELD;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder setUrl(URI url) {
            this.url = url;
            return this;
        }

        public Builder setHeaders(Map<String, String> headers) {
            this.headers.clear();
            this.headers.putAll(headers);
            return this;
        }

        public Builder setSendTenantHeader(boolean sendTenantHeader) {
            this.sendTenantHeader = sendTenantHeader;
            return this;
        }

        public Builder setAuth(RemoteWriteAuth auth) {
            this.auth = auth;
            return this;
        }

        public Builder setTls(RemoteWriteTls tls) {
            this.tls = tls;
            return this;
        }

        public Builder setMaxBatchSamples(int maxBatchSamples) {
            this.maxBatchSamples = maxBatchSamples;
            return this;
        }

        public Builder setMaxBatchBytes(int maxBatchBytes) {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        public Builder setMaxBatchAge(Duration maxBatchAge) {
            this.maxBatchAge = maxBatchAge;
            return this;
        }

        /** Requests in flight per subtask; 1 keeps every series of the subtask in one ordered stream. */
        public Builder setShards(int shards) {
            this.shards = shards;
            return this;
        }

        /** Default: two full batches per shard. */
        public Builder setMaxBufferedSamples(int maxBufferedSamples) {
            this.maxBufferedSamples = maxBufferedSamples;
            return this;
        }

        public Builder setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder setBackoff(Duration initialBackoff, Duration maxBackoff) {
            this.initialBackoff = initialBackoff;
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder setHighWaterMarkMaxSeries(int highWaterMarkMaxSeries) {
            this.highWaterMarkMaxSeries = highWaterMarkMaxSeries;
            return this;
        }

        /** Samples older than the newest the receiver accepted minus this are not sent; zero turns that off. */
        public Builder setReceiverWindow(Duration receiverWindow) {
            this.receiverWindow = receiverWindow;
            return this;
        }

        public Builder setMaxHeldSamples(int maxHeldSamples) {
            this.maxHeldSamples = maxHeldSamples;
            return this;
        }

        public RemoteWriteSettings build() {
            int buffered = maxBufferedSamples != null ? maxBufferedSamples : (int) Math.min(Integer.MAX_VALUE, 2L * shards * maxBatchSamples);
            return new RemoteWriteSettings(url, headers, sendTenantHeader, auth, tls, maxBatchSamples, maxBatchBytes, maxBatchAge,
                    shards, buffered, maxRetries, initialBackoff, maxBackoff, requestTimeout, highWaterMarkMaxSeries, receiverWindow,
                    maxHeldSamples);
        }
    }
}
