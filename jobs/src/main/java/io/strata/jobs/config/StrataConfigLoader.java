package io.strata.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.source.EventTime;
import io.strata.pipeline.source.KafkaFrameSource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Reads and validates {@link StrataConfig} from YAML; see {@code docs/CONFIG.md} for every key. */
public final class StrataConfigLoader {

    private StrataConfigLoader() {}

    public static StrataConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), List.of(
                    "file not found; pass the path of a YAML config, e.g. --config examples/strata.yaml"));
        }
        return parse(Files.readString(file), file.toString());
    }

    public static StrataConfig parse(String yaml, String sourceName) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of("not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(sourceName, List.of("expected sections source, policy, event-time, hot, cold, job"));
        }
        ConfigReader r = new ConfigReader();
        r.rejectUnknownKeys(root, "", Set.of("source", "policy", "limits", "overload", "event-time", "hot", "cold", "job"));

        JsonNode source = r.section(root, "", "source");
        r.rejectUnknownKeys(source, "source", Set.of("kafka", "default-tenant"));
        String defaultTenant = r.string(source, "source", "default-tenant", "default", false);
        JsonNode kafkaNode = r.section(source, "source", "kafka");
        KafkaFrameSource kafka = null;
        if (kafkaNode == null) {
            r.problem("source.kafka", "required; name bootstrap-servers and topic of the stream of remote_write frames");
        } else {
            String path = "source.kafka";
            r.rejectUnknownKeys(kafkaNode, path, Set.of("bootstrap-servers", "topic", "group-id", "starting-offsets", "bounded", "properties"));
            String servers = r.string(kafkaNode, path, "bootstrap-servers", null, true);
            String topic = r.string(kafkaNode, path, "topic", null, true);
            String group = r.string(kafkaNode, path, "group-id", "strata", false);
            StartingOffsets start = r.choice(kafkaNode, path, "starting-offsets", StartingOffsets.class, StartingOffsets.EARLIEST);
            boolean bounded = r.bool(kafkaNode, path, "bounded", false);
            Properties properties = new Properties();
            properties.putAll(r.stringMap(kafkaNode, path, "properties"));
            if (servers != null && topic != null) {
                kafka = new KafkaFrameSource(servers, topic, group, start == StartingOffsets.EARLIEST, bounded, defaultTenant, properties);
            }
        }

        JsonNode policyNode = r.section(root, "", "policy");
        r.rejectUnknownKeys(policyNode, "policy", Set.of("allowlist", "forbidden", "unknown-labels", "max-future-skew", "max-frame-bytes"));
        List<String> allowlist = r.stringList(policyNode, "policy", "allowlist", LabelPolicy.DEFAULT_ALLOWLIST);
        List<String> forbidden = r.stringList(policyNode, "policy", "forbidden", LabelPolicy.DEFAULT_FORBIDDEN);
        Set<String> overlap = new HashSet<>(allowlist);
        overlap.retainAll(forbidden);
        if (!overlap.isEmpty()) {
            r.problem("policy.allowlist", "labels " + overlap + " are also in policy.forbidden; remove them from one list");
        }
        Set<String> forbiddenIdentity = new HashSet<>(LabelPolicy.IDENTITY_LABELS);
        forbiddenIdentity.retainAll(forbidden);
        if (!forbiddenIdentity.isEmpty()) {
            r.problem("policy.forbidden", "labels " + forbiddenIdentity + " are identity labels, which every series may carry; remove them");
        }
        UnknownLabelAction unknown = r.choice(policyNode, "policy", "unknown-labels", UnknownLabelAction.class, UnknownLabelAction.REJECT);
        Duration maxFutureSkew = r.duration(policyNode, "policy", "max-future-skew", RemoteWriteDecoder.DEFAULT_MAX_FUTURE_SKEW);
        int maxFrameBytes = r.positiveInt(policyNode, "policy", "max-frame-bytes", RemoteWriteDecoder.DEFAULT_MAX_FRAME_BYTES);

        EnforcementSettings enforcement = enforcement(r, root);

        JsonNode eventTime = r.section(root, "", "event-time");
        r.rejectUnknownKeys(eventTime, "event-time", Set.of("max-out-of-orderness", "idleness"));
        Duration outOfOrderness = r.duration(eventTime, "event-time", "max-out-of-orderness", EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS);
        Duration idleness = r.duration(eventTime, "event-time", "idleness", EventTime.DEFAULT_IDLENESS);

        JsonNode hot = r.section(root, "", "hot");
        r.rejectUnknownKeys(hot, "hot", Set.of("remote-write"));
        JsonNode rw = r.section(hot, "hot", "remote-write");
        RemoteWriteSettings remoteWrite = null;
        if (rw != null) {
            String path = "hot.remote-write";
            r.rejectUnknownKeys(rw, path, Set.of("url", "headers", "send-tenant-header", "max-batch-samples", "max-batch-age", "max-retries", "request-timeout"));
            URI url = uri(r, r.string(rw, path, "url", null, true), path + ".url", Set.of("http", "https"));
            Map<String, String> headers = r.stringMap(rw, path, "headers");
            boolean tenantHeader = r.bool(rw, path, "send-tenant-header", false);
            int batch = r.positiveInt(rw, path, "max-batch-samples", RemoteWriteSettings.DEFAULT_MAX_BATCH_SAMPLES);
            Duration batchAge = r.duration(rw, path, "max-batch-age", RemoteWriteSettings.DEFAULT_MAX_BATCH_AGE);
            int retries = r.positiveInt(rw, path, "max-retries", RemoteWriteSettings.DEFAULT_MAX_RETRIES);
            Duration timeout = r.duration(rw, path, "request-timeout", RemoteWriteSettings.DEFAULT_REQUEST_TIMEOUT);
            if (url != null) {
                remoteWrite = new RemoteWriteSettings(url, headers, tenantHeader, batch, batchAge, retries,
                        RemoteWriteSettings.DEFAULT_INITIAL_BACKOFF, RemoteWriteSettings.DEFAULT_MAX_BACKOFF, timeout);
            }
        }

        JsonNode cold = r.section(root, "", "cold");
        r.rejectUnknownKeys(cold, "cold", Set.of("path"));
        String coldPath = null;
        String coldText = r.string(cold, "cold", "path", null, cold != null);
        if (coldText != null) {
            coldPath = coldText.contains("://") ? coldText : Path.of(coldText).toAbsolutePath().normalize().toUri().toString();
            uri(r, coldPath, "cold.path", Set.of("file"));
        }
        if (rw == null && cold == null) {
            r.problem("hot, cold", "the job writes nothing; configure hot.remote-write.url, cold.path, or both");
        }

        JsonNode job = r.section(root, "", "job");
        r.rejectUnknownKeys(job, "job", Set.of("parallelism", "checkpoint-interval"));
        int parallelism = r.positiveInt(job, "job", "parallelism", StrataConfig.DEFAULT_PARALLELISM);
        Duration checkpoints = r.duration(job, "job", "checkpoint-interval", StrataConfig.DEFAULT_CHECKPOINT_INTERVAL);

        LabelPolicy policy = null;
        if (overlap.isEmpty() && forbiddenIdentity.isEmpty()) {
            policy = LabelPolicy.builder().allowlist(allowlist).forbidden(forbidden).unknownLabelAction(unknown).build();
        }
        if (!r.problems().isEmpty()) {
            throw new ConfigException(sourceName, r.problems());
        }
        return new StrataConfig(kafka, policy, enforcement, maxFrameBytes, maxFutureSkew, outOfOrderness, idleness,
                remoteWrite, coldPath, parallelism, checkpoints);
    }

    private static EnforcementSettings enforcement(ConfigReader r, JsonNode root) {
        JsonNode limits = r.section(root, "", "limits");
        r.rejectUnknownKeys(limits, "limits", Set.of("max-series-per-host", "series-ttl", "tenant-shards", "rate-interval", "tenants"));
        int perHost = r.positiveInt(limits, "limits", "max-series-per-host", EnforcementSettings.DEFAULT_MAX_SERIES_PER_HOST);
        Duration ttl = r.duration(limits, "limits", "series-ttl", EnforcementSettings.DEFAULT_SERIES_TTL);
        int shards = r.positiveInt(limits, "limits", "tenant-shards", EnforcementSettings.DEFAULT_TENANT_SHARDS);
        Duration rateInterval = r.duration(limits, "limits", "rate-interval", EnforcementSettings.DEFAULT_RATE_INTERVAL);
        JsonNode tenantsNode = r.section(limits, "limits", "tenants");
        TenantLimitsTable tenants = TenantLimitsTable.platformDefault();
        if (tenantsNode != null) {
            // default first: every other tenant inherits its unset keys from it.
            TenantLimits base = tenant(r, tenantsNode.get(TenantLimitsTable.DEFAULT_TENANT), "limits.tenants.default", TenantLimits.PLATFORM_DEFAULT);
            Map<String, TenantLimits> byTenant = new LinkedHashMap<>();
            byTenant.put(TenantLimitsTable.DEFAULT_TENANT, base);
            tenantsNode.fields().forEachRemaining(e -> {
                if (!e.getKey().equals(TenantLimitsTable.DEFAULT_TENANT)) {
                    byTenant.put(e.getKey(), tenant(r, e.getValue(), "limits.tenants." + e.getKey(), base));
                }
            });
            tenants = TenantLimitsTable.of(byTenant);
        }
        JsonNode overload = r.section(root, "", "overload");
        r.rejectUnknownKeys(overload, "overload", Set.of("enabled", "freshness-threshold", "sustain"));
        return new EnforcementSettings(tenants, perHost, ttl, shards, rateInterval,
                r.bool(overload, "overload", "enabled", true),
                r.duration(overload, "overload", "freshness-threshold", EnforcementSettings.DEFAULT_OVERLOAD_FRESHNESS_THRESHOLD),
                r.duration(overload, "overload", "sustain", EnforcementSettings.DEFAULT_OVERLOAD_SUSTAIN));
    }

    private static TenantLimits tenant(ConfigReader r, JsonNode node, String path, TenantLimits inherited) {
        if (node != null && !node.isNull() && !node.isObject()) {
            r.problem(path, "expected a section of limits such as {samples-rate-limit: 5000, priority: 10}");
            return inherited;
        }
        r.rejectUnknownKeys(node, path, Set.of("samples-rate-limit", "max-series", "max-label-names", "max-label-value-length", "priority"));
        return new TenantLimits(
                r.positiveInt(node, path, "samples-rate-limit", (int) inherited.samplesPerSecond()),
                r.positiveInt(node, path, "max-series", (int) Math.min(Integer.MAX_VALUE, inherited.maxSeries())),
                r.positiveInt(node, path, "max-label-names", inherited.maxLabelNames()),
                r.positiveInt(node, path, "max-label-value-length", inherited.maxLabelValueLength()),
                r.positiveInt(node, path, "priority", inherited.priority()));
    }

    private static URI uri(ConfigReader r, String text, String key, Set<String> schemes) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                r.problem(key, "expected a URL with scheme " + schemes + ", got '" + text + "'");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            r.problem(key, "not a URL: '" + text + "' (" + e.getReason() + ")");
            return null;
        }
    }

    /** Where a consumer group without committed offsets starts. */
    enum StartingOffsets {
        EARLIEST,
        LATEST
    }
}
