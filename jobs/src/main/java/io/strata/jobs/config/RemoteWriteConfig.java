package io.strata.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.pipeline.sink.remotewrite.RemoteWriteAuth;
import io.strata.pipeline.sink.remotewrite.ReleaseInStepOperator;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code hot.remote-write}: the endpoint of raw samples, and optionally ({@code derived})
 * another endpoint for derived series (rollups, recording rules), which inherits every key it
 * does not set.
 */
final class RemoteWriteConfig {

    /** The two hot outputs; {@code derived} equals {@code raw} unless {@code hot.remote-write.derived} is set. */
    record HotOutputs(RemoteWriteSettings raw, RemoteWriteSettings derived) {}

    private static final String PATH = "hot.remote-write";

    private RemoteWriteConfig() {}

    /** The hot outputs, or {@code null} if {@code rw} is absent or has problems (recorded in {@code r}). */
    static HotOutputs read(ConfigReader r, JsonNode rw) {
        if (rw == null) {
            return null;
        }
        r.rejectUnknownKeys(rw, PATH);
        URI url = endpoint(r, r.string(rw, PATH, "url", null, true), PATH + ".url");
        RemoteWriteSettings.Builder raw = RemoteWriteSettings.builder(url == null ? URI.create("http://invalid") : url)
                .setHeaders(r.stringMap(rw, PATH, "headers"))
                .setSendTenantHeader(r.bool(rw, PATH, "send-tenant-header", false))
                .setAuth(auth(r, r.section(rw, PATH, "auth"), PATH + ".auth", RemoteWriteAuth.none()))
                .setTls(tls(r, r.section(rw, PATH, "tls"), PATH + ".tls", null))
                .setMaxBatchSamples(r.positiveInt(rw, PATH, "max-batch-samples", RemoteWriteSettings.DEFAULT_MAX_BATCH_SAMPLES))
                .setMaxBatchBytes(r.positiveInt(rw, PATH, "max-batch-bytes", RemoteWriteSettings.DEFAULT_MAX_BATCH_BYTES))
                .setMaxBatchAge(r.duration(rw, PATH, "max-batch-age", RemoteWriteSettings.DEFAULT_MAX_BATCH_AGE))
                .setShards(r.positiveInt(rw, PATH, "max-in-flight", RemoteWriteSettings.DEFAULT_SHARDS))
                .setMaxRetries(r.positiveInt(rw, PATH, "max-retries", RemoteWriteSettings.DEFAULT_MAX_RETRIES))
                .setRequestTimeout(r.duration(rw, PATH, "request-timeout", RemoteWriteSettings.DEFAULT_REQUEST_TIMEOUT))
                .setHighWaterMarkMaxSeries(r.positiveInt(rw, PATH, "high-water-mark-max-series",
                        RemoteWriteSettings.DEFAULT_HIGH_WATER_MARK_MAX_SERIES))
                // A negative duration does not parse, and that problem names the key.
                .setReceiverWindow(r.duration(rw, PATH, "receiver-window", RemoteWriteSettings.DEFAULT_RECEIVER_WINDOW))
                .setMaxHeldSamples(r.positiveInt(rw, PATH, "max-held-samples", ReleaseInStepOperator.DEFAULT_MAX_HELD));
        if (rw.has("max-buffered-samples")) {
            raw.setMaxBufferedSamples(r.positiveInt(rw, PATH, "max-buffered-samples", RemoteWriteSettings.DEFAULT_MAX_BATCH_SAMPLES));
        }
        Duration initialBackoff = r.duration(rw, PATH, "initial-backoff", RemoteWriteSettings.DEFAULT_INITIAL_BACKOFF);
        Duration maxBackoff = r.duration(rw, PATH, "max-backoff", RemoteWriteSettings.DEFAULT_MAX_BACKOFF);
        if (initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            r.problem(PATH + ".initial-backoff", "need 0 < initial-backoff <= max-backoff, got " + initialBackoff + " and "
                    + maxBackoff + "; e.g. initial-backoff: 100ms, max-backoff: 30s");
            return null;
        }
        raw.setBackoff(initialBackoff, maxBackoff);
        RemoteWriteSettings rawSettings = build(r, raw, PATH);
        if (url == null || rawSettings == null) {
            return null;
        }
        RemoteWriteSettings derived = derived(r, r.section(rw, PATH, "derived"), rawSettings);
        return derived == null ? null : new HotOutputs(rawSettings, derived);
    }

    private static RemoteWriteSettings derived(ConfigReader r, JsonNode node, RemoteWriteSettings raw) {
        if (node == null) {
            return raw;
        }
        String path = PATH + ".derived";
        r.rejectUnknownKeys(node, path);
        String urlText = r.string(node, path, "url", null, false);
        URI url = urlText == null ? raw.url() : endpoint(r, urlText, path + ".url");
        if (url == null) {
            return null;
        }
        RemoteWriteSettings.Builder derived = raw.toBuilder().setUrl(url);
        if (node.has("headers")) {
            derived.setHeaders(r.stringMap(node, path, "headers"));
        }
        derived.setSendTenantHeader(r.bool(node, path, "send-tenant-header", raw.sendTenantHeader()))
                .setAuth(auth(r, r.section(node, path, "auth"), path + ".auth", raw.auth()))
                .setTls(tls(r, r.section(node, path, "tls"), path + ".tls", raw.tls()));
        return build(r, derived, path);
    }

    /** An http(s) URL without credentials in it: they would show wherever the URL is logged. */
    private static URI endpoint(ConfigReader r, String text, String key) {
        URI url = StrataConfigLoader.uri(r, text, key, Set.of("http", "https"));
        if (url != null && url.getUserInfo() != null) {
            r.problem(key, "has credentials in the URL; remove them and set " + PATH + ".auth.basic (username, password) instead");
            return null;
        }
        return url;
    }

    private static RemoteWriteSettings build(ConfigReader r, RemoteWriteSettings.Builder builder, String path) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            r.problem(path, e.getMessage());
            return null;
        }
    }

    private static RemoteWriteAuth auth(ConfigReader r, JsonNode auth, String path, RemoteWriteAuth inherited) {
        if (auth == null) {
            return inherited;
        }
        r.rejectUnknownKeys(auth, path);
        String token = r.string(auth, path, "bearer-token", null, false);
        String tokenFile = r.string(auth, path, "bearer-token-file", null, false);
        JsonNode basic = r.section(auth, path, "basic");
        JsonNode sigV4 = r.section(auth, path, "sigv4");
        int kinds = (token != null ? 1 : 0) + (tokenFile != null ? 1 : 0) + (basic != null ? 1 : 0) + (sigV4 != null ? 1 : 0);
        if (kinds > 1) {
            r.problem(path, "set one of bearer-token, bearer-token-file, basic and sigv4, not " + kinds);
            return inherited;
        }
        if (sigV4 != null) {
            String sigV4Path = path + ".sigv4";
            r.rejectUnknownKeys(sigV4, sigV4Path);
            String region = r.string(sigV4, sigV4Path, "region", null, true);
            String service = r.string(sigV4, sigV4Path, "service", RemoteWriteAuth.AMP_SERVICE, false);
            return region == null ? inherited : RemoteWriteAuth.sigV4(region, service);
        }
        if (tokenFile != null) {
            try {
                return RemoteWriteAuth.bearer(Files.readString(Path.of(tokenFile)).strip());
            } catch (java.io.IOException e) {
                r.problem(path + ".bearer-token-file", "cannot read '" + tokenFile + "' (" + e.getMessage()
                        + "); give a file readable by the job");
                return inherited;
            }
        }
        if (token != null) {
            return RemoteWriteAuth.bearer(token);
        }
        if (basic != null) {
            String basicPath = path + ".basic";
            r.rejectUnknownKeys(basic, basicPath);
            String user = r.string(basic, basicPath, "username", null, true);
            String password = r.string(basic, basicPath, "password", null, true);
            return user == null || password == null ? inherited : RemoteWriteAuth.basic(user, password);
        }
        return RemoteWriteAuth.none();
    }

    private static RemoteWriteTls tls(ConfigReader r, JsonNode tls, String path, RemoteWriteTls inherited) {
        if (tls == null) {
            return inherited;
        }
        r.rejectUnknownKeys(tls, path);
        String ca = readableFile(r, tls, path, "ca-file");
        String cert = readableFile(r, tls, path, "cert-file");
        String key = readableFile(r, tls, path, "key-file");
        if ((cert == null) != (key == null)) {
            r.problem(path, "a client certificate needs both cert-file and key-file (PEM, the key in PKCS#8)");
            return inherited;
        }
        return new RemoteWriteTls(ca, cert, key);
    }

    private static String readableFile(ConfigReader r, JsonNode node, String path, String name) {
        String file = r.string(node, path, name, null, false);
        if (file != null && !Files.isReadable(Path.of(file))) {
            r.problem(path + "." + name, "file '" + file + "' is not readable; give the path of a PEM file");
            return null;
        }
        return file;
    }
}
