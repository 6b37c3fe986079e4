package io.strata.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.operators.rollup.Resolution;
import io.strata.operators.rules.RuleFileException;
import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleGroup;
import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.decode.DecodeLimits;
import io.strata.pipeline.decode.TenantNames;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.sink.cold.s3.S3ClientSettings;
import io.strata.pipeline.sink.cold.s3.S3ColdSettings;
import io.strata.pipeline.sink.cold.s3.S3Location;
import io.strata.pipeline.sink.cold.s3.S3ParquetSinkBuilder;
import io.strata.pipeline.source.EventTime;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** Reads and validates {@link StrataConfig} from YAML; see {@code docs/CONFIG.md} for every key. */
public final class StrataConfigLoader {

    /** {@code arn:aws:kinesis:<region>:<account>:stream/<name>}, any AWS partition. */
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws[a-z-]*:kinesis:([a-z0-9-]+):\\d{12}:stream/[A-Za-z0-9_.-]{1,128}");

    private StrataConfigLoader() {}

    public static StrataConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), List.of(
                    "file not found; pass the path of a YAML config, e.g. --config examples/strata.yaml"));
        }
        Path directory = file.toAbsolutePath().getParent();
        return parse(Files.readString(file), file.toString(), RuleFiles.relativeTo(directory));
    }

    /** Parses {@code yaml}; rule files are read relative to the working directory. */
    public static StrataConfig parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, RuleFiles.relativeTo(Path.of("").toAbsolutePath()));
    }

    public static StrataConfig parse(String yaml, String sourceName, RuleFiles ruleFiles) {
        return parse(yaml, sourceName, ruleFiles, new ConfigReader());
    }

    /** {@link #parse(String, String, RuleFiles)} with {@code r} reading, so a test sees the defaults it took. */
    static StrataConfig parse(String yaml, String sourceName, RuleFiles ruleFiles, ConfigReader r) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of("not valid YAML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(sourceName, List.of("expected sections source, policy, event-time, rollups, hot, cold, job"));
        }
        r.rejectUnknownKeys(root, "");

        JsonNode source = r.section(root, "", "source");
        r.rejectUnknownKeys(source, "source");
        String defaultTenant = r.string(source, "source", "default-tenant", "default", false);
        if (defaultTenant != null && TenantNames.problem(defaultTenant) != null) {
            r.problem("source.default-tenant", TenantNames.problem(defaultTenant));
        }
        Set<String> tenants = new LinkedHashSet<>(r.stringList(source, "source", "tenants", List.of()));
        for (String tenant : tenants) {
            if (TenantNames.problem(tenant) != null) {
                r.problem("source.tenants", "'" + tenant + "': " + TenantNames.problem(tenant));
            }
        }
        if (!tenants.isEmpty() && defaultTenant != null && !tenants.contains(defaultTenant)) {
            r.problem("source.tenants", "does not list source.default-tenant '" + defaultTenant
                    + "', so records without a tenant would all be rejected; add it to the list");
        }
        JsonNode kafkaNode = r.section(source, "source", "kafka");
        JsonNode kinesisNode = r.section(source, "source", "kinesis");
        KafkaSourceSettings kafka = null;
        KinesisSourceSettings kinesis = null;
        if (kafkaNode != null && kinesisNode != null) {
            r.problem("source.kafka, source.kinesis", "both are configured but a job reads one stream; keep one of the two sections");
        } else if (kafkaNode == null && kinesisNode == null) {
            r.problem("source.kafka", "required (or source.kinesis); name bootstrap-servers and topic of the stream of remote_write frames");
        } else if (kafkaNode != null) {
            kafka = kafka(r, kafkaNode, defaultTenant);
        } else {
            kinesis = kinesis(r, kinesisNode, defaultTenant);
        }

        JsonNode policyNode = r.section(root, "", "policy");
        r.rejectUnknownKeys(policyNode, "policy");
        List<String> allowlist = r.stringList(policyNode, "policy", "allowlist", LabelPolicy.DEFAULT_ALLOWLIST);
        List<String> forbidden = r.stringList(policyNode, "policy", "forbidden", LabelPolicy.DEFAULT_FORBIDDEN);
        List<String> forbiddenPatterns =
                r.stringList(policyNode, "policy", "forbidden-patterns", LabelPolicy.DEFAULT_FORBIDDEN_PATTERNS);
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
        DecodeLimits decodeLimits = decodeLimits(r, policyNode);

        EnforcementSettings enforcement = enforcement(r, root);

        JsonNode eventTime = r.section(root, "", "event-time");
        r.rejectUnknownKeys(eventTime, "event-time");
        Duration outOfOrderness = r.duration(eventTime, "event-time", "max-out-of-orderness", EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS);
        Duration idleness = r.duration(eventTime, "event-time", "idleness", EventTime.DEFAULT_IDLENESS);
        if (idleness.isNegative() || idleness.isZero()) {
            r.problem("event-time.idleness", "must be positive, got " + idleness + "; a partition silent this long stops holding the watermark back");
        }
        Duration alignmentMaxDrift = r.duration(eventTime, "event-time", "alignment-max-drift", EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT);
        if (alignmentMaxDrift.isNegative()) {
            r.problem("event-time.alignment-max-drift", "must not be negative, got " + alignmentMaxDrift + "; use 0s to turn alignment off");
        }

        RollupSettings rollups = rollups(r, root);

        Map<String, String> ruleContents = new LinkedHashMap<>();
        RuleSet rules = rules(r, root, ruleFiles, ruleContents);

        JsonNode hot = r.section(root, "", "hot");
        r.rejectUnknownKeys(hot, "hot");
        JsonNode rw = r.section(hot, "hot", "remote-write");
        RemoteWriteConfig.HotOutputs hotOutputs = RemoteWriteConfig.read(r, rw);

        JsonNode cold = r.section(root, "", "cold");
        r.rejectUnknownKeys(cold, "cold");
        String coldPath = null;
        String coldText = r.string(cold, "cold", "path", null, cold != null);
        if (coldText != null) {
            coldPath = coldText.contains("://") ? coldText : Path.of(coldText).toAbsolutePath().normalize().toUri().toString();
            uri(r, coldPath, "cold.path", Set.of("file", S3Location.SCHEME));
            if (S3Location.isS3(coldPath)) {
                try {
                    S3Location.parse(coldPath);
                } catch (IllegalArgumentException e) {
                    r.problem("cold.path", e.getMessage());
                }
            }
        }
        if (rw == null && !rules.isEmpty()) {
            r.problem("rules.files", "recording rules write their results to the hot output; configure hot.remote-write.url "
                    + "or remove rules.files");
        }
        S3ColdSettings coldS3 = coldS3(r, r.section(cold, "cold", "s3"), coldPath);
        if (rw == null && cold == null) {
            r.problem("hot, cold", "the job writes nothing; configure hot.remote-write.url, cold.path, or both");
        }

        JsonNode job = r.section(root, "", "job");
        r.rejectUnknownKeys(job, "job");
        int parallelism = r.positiveInt(job, "job", "parallelism", StrataConfig.DEFAULT_PARALLELISM);
        Duration checkpoints = r.duration(job, "job", "checkpoint-interval", StrataConfig.DEFAULT_CHECKPOINT_INTERVAL);
        StateBackendChoice stateBackend = r.choice(job, "job", "state-backend", StateBackendChoice.class, StateBackendChoice.HASHMAP);

        LabelPolicy policy = null;
        if (overlap.isEmpty() && forbiddenIdentity.isEmpty()) {
            try {
                policy = LabelPolicy.builder().allowlist(allowlist).forbidden(forbidden).forbiddenPatterns(forbiddenPatterns)
                        .unknownLabelAction(unknown).build();
            } catch (IllegalArgumentException e) {
                r.problem("policy.forbidden-patterns", e.getMessage());
            }
        }
        if (!r.problems().isEmpty()) {
            throw new ConfigException(sourceName, r.problems());
        }
        return new StrataConfig(kafka, kinesis, policy, enforcement, decodeLimits, tenants, outOfOrderness, idleness,
                alignmentMaxDrift.isZero() ? null : alignmentMaxDrift, rollups, rules, ruleContents,
                hotOutputs == null ? null : hotOutputs.raw(), hotOutputs == null ? null : hotOutputs.derived(), coldPath, coldS3,
                parallelism, checkpoints, stateBackend);
    }

    /** The decoder's budgets under {@code policy}; see {@link DecodeLimits} for what each bounds. */
    private static DecodeLimits decodeLimits(ConfigReader r, JsonNode policy) {
        DecodeLimits.Builder limits = DecodeLimits.builder()
                .maxFrameBytes(r.positiveInt(policy, "policy", "max-frame-bytes", DecodeLimits.DEFAULT_MAX_FRAME_BYTES))
                .maxSeriesPerFrame(r.positiveInt(policy, "policy", "max-series-per-frame", DecodeLimits.DEFAULT_MAX_SERIES_PER_FRAME))
                .maxSamplesPerSeries(r.positiveInt(policy, "policy", "max-samples-per-series", DecodeLimits.DEFAULT_MAX_SAMPLES_PER_SERIES))
                .maxLabelsPerSeries(r.positiveInt(policy, "policy", "max-labels-per-series", DecodeLimits.DEFAULT_MAX_LABELS_PER_SERIES))
                .maxLabelNameBytes(r.positiveInt(policy, "policy", "max-label-name-bytes", DecodeLimits.DEFAULT_MAX_LABEL_NAME_BYTES))
                .maxLabelValueBytes(r.positiveInt(policy, "policy", "max-label-value-bytes", DecodeLimits.DEFAULT_MAX_LABEL_VALUE_BYTES))
                .maxBucketsPerHistogram(r.positiveInt(policy, "policy", "max-buckets-per-histogram",
                        DecodeLimits.DEFAULT_MAX_BUCKETS_PER_HISTOGRAM))
                .maxFutureSkew(r.duration(policy, "policy", "max-future-skew", DecodeLimits.DEFAULT_MAX_FUTURE_SKEW))
                .maxRecordAge(r.duration(policy, "policy", "max-record-age", DecodeLimits.DEFAULT_MAX_RECORD_AGE));
        if (policy != null && policy.has("max-decompressed-bytes")) {
            limits.maxDecompressedBytes(r.positiveInt(policy, "policy", "max-decompressed-bytes", 1));
        }
        try {
            return limits.build();
        } catch (IllegalArgumentException e) {
            r.problem("policy", e.getMessage());
            return DecodeLimits.defaults();
        }
    }

    /** Reads and parses every file of {@code rules.files}; their texts go to {@code contents}. */
    private static RuleSet rules(ConfigReader r, JsonNode root, RuleFiles ruleFiles, Map<String, String> contents) {
        JsonNode rules = r.section(root, "", "rules");
        r.rejectUnknownKeys(rules, "rules");
        List<RuleGroup> groups = new ArrayList<>();
        for (String file : r.stringList(rules, "rules", "files", List.of())) {
            String text;
            try {
                text = ruleFiles.read(file);
            } catch (NoSuchFileException e) {
                r.problem("rules.files", "rule file '" + file + "' not found (looked for " + ruleFiles.describe(file)
                        + "; a relative path is read from the config file's folder)");
                continue;
            } catch (IOException e) {
                r.problem("rules.files", "rule file '" + file + "' cannot be read: " + e);
                continue;
            }
            contents.put(file, text);
            try {
                groups.addAll(RuleFileParser.parse(file, text));
            } catch (RuleFileException e) {
                r.problem("rules.files", e.getMessage());
            }
        }
        return RuleSet.of(groups);
    }


    /** {@code cold.s3}: how an s3:// cold path is reached and written; defaults when absent. */
    private static S3ColdSettings coldS3(ConfigReader r, JsonNode node, String coldPath) {
        String path = "cold.s3";
        if (node == null) {
            return S3ColdSettings.defaults();
        }
        if (coldPath != null && !S3Location.isS3(coldPath)) {
            r.problem(path, "is set but cold.path is not an s3:// URI ('" + coldPath + "'); remove cold.s3 or use cold.path: s3://bucket/prefix");
        }
        r.rejectUnknownKeys(node, path);
        URI endpoint = uri(r, r.string(node, path, "endpoint", null, false), path + ".endpoint", Set.of("http", "https"));
        S3ClientSettings.Builder client = S3ClientSettings.builder()
                .setEndpoint(endpoint)
                .setPathStyle(r.bool(node, path, "path-style", false))
                .setRegion(r.string(node, path, "region", null, false))
                .setSseKmsKeyId(r.string(node, path, "sse-kms-key-id", null, false));
        Credentials credentials = credentials(r, node, path);
        if (credentials.isStatic()) {
            client.setStaticCredentials(credentials.accessKeyId(), credentials.secretAccessKey());
        }
        ParquetCodec codec = r.choice(node, path, "codec", ParquetCodec.class, ParquetCodec.SNAPPY);
        int partSizeMib = r.positiveInt(node, path, "part-size-mib", (int) (S3ParquetSinkBuilder.DEFAULT_PART_SIZE_BYTES >> 20));
        if (partSizeMib < 5) {
            r.problem(path + ".part-size-mib", "must be at least 5 (S3's smallest multipart part), got " + partSizeMib);
        }
        int maxFileMib = r.positiveInt(node, path, "max-file-size-mib", (int) (S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES >> 20));
        String staging = r.string(node, path, "staging-dir", null, false);
        return new S3ColdSettings(client.build(), codec.parquet, (long) partSizeMib << 20, (long) maxFileMib << 20,
                staging == null ? null : Path.of(staging).toAbsolutePath().normalize().toString());
    }

    /** Parquet compression of the S3 cold output. */
    enum ParquetCodec {
        SNAPPY(CompressionCodecName.SNAPPY),
        ZSTD(CompressionCodecName.ZSTD);

        final CompressionCodecName parquet;

        ParquetCodec(CompressionCodecName parquet) {
            this.parquet = parquet;
        }
    }

    private static RollupSettings rollups(ConfigReader r, JsonNode root) {
        JsonNode rollups = r.section(root, "", "rollups");
        r.rejectUnknownKeys(rollups, "rollups");
        JsonNode lateness = r.section(rollups, "rollups", "allowed-lateness");
        String path = "rollups.allowed-lateness";
        r.rejectUnknownKeys(lateness, path);
        Duration oneMinute = r.duration(lateness, path, Resolution.ONE_MINUTE.label(), RollupSettings.DEFAULT_ALLOWED_LATENESS_1M);
        Duration fiveMinutes = r.duration(lateness, path, Resolution.FIVE_MINUTES.label(), RollupSettings.DEFAULT_ALLOWED_LATENESS_5M);
        Duration oneHour = r.duration(lateness, path, Resolution.ONE_HOUR.label(), RollupSettings.DEFAULT_ALLOWED_LATENESS_1H);
        String problem = RollupSettings.validate(oneMinute, fiveMinutes, oneHour);
        if (problem != null) {
            r.problem(path, problem + "; e.g. 1m: 1m, 5m: 5m, 1h: 15m");
            return RollupSettings.defaults();
        }
        return new RollupSettings(oneMinute, fiveMinutes, oneHour);
    }

    private static KafkaSourceSettings kafka(ConfigReader r, JsonNode kafkaNode, String defaultTenant) {
        String path = "source.kafka";
        r.rejectUnknownKeys(kafkaNode, path);
        String servers = r.string(kafkaNode, path, "bootstrap-servers", null, true);
        String topic = r.string(kafkaNode, path, "topic", null, true);
        String group = r.string(kafkaNode, path, "group-id", "strata", false);
        StartingOffsets start = r.choice(kafkaNode, path, "starting-offsets", StartingOffsets.class, StartingOffsets.EARLIEST);
        boolean bounded = r.bool(kafkaNode, path, "bounded", false);
        Properties properties = new Properties();
        properties.putAll(r.stringMap(kafkaNode, path, "properties"));
        if (servers == null || topic == null) {
            return null;
        }
        return new KafkaSourceSettings(servers, topic, group, start == StartingOffsets.EARLIEST, bounded, defaultTenant, properties);
    }

    private static KinesisSourceSettings kinesis(ConfigReader r, JsonNode node, String defaultTenant) {
        String path = "source.kinesis";
        r.rejectUnknownKeys(node, path);
        String arn = r.string(node, path, "stream-arn", null, true);
        String arnRegion = null;
        if (arn != null) {
            Matcher m = STREAM_ARN.matcher(arn);
            if (m.matches()) {
                arnRegion = m.group(1);
            } else {
                r.problem(path + ".stream-arn", "expected arn:aws:kinesis:<region>:<account>:stream/<name>, got '" + arn
                        + "'; for a stream named NAME in us-east-1 of account 123456789012: arn:aws:kinesis:us-east-1:123456789012:stream/NAME");
                arn = null;
            }
        }
        String region = r.string(node, path, "region", arnRegion, arnRegion == null && arn != null);
        String endpointText = r.string(node, path, "endpoint", null, false);
        URI endpoint = uri(r, endpointText, path + ".endpoint", Set.of("http", "https"));

        Credentials credentials = credentials(r, node, path);
        KinesisSourceSettings.StaticCredentials staticCredentials = credentials.isStatic()
                ? new KinesisSourceSettings.StaticCredentials(credentials.accessKeyId(), credentials.secretAccessKey())
                : null;

        KinesisSourceSettings.InitialPosition position = r.choice(node, path, "initial-position",
                KinesisSourceSettings.InitialPosition.class, KinesisSourceSettings.InitialPosition.LATEST);
        String timestampText = r.string(node, path, "initial-timestamp", null, false);
        Instant timestamp = null;
        boolean timestampOk = true;
        if (position == KinesisSourceSettings.InitialPosition.AT_TIMESTAMP) {
            if (timestampText == null) {
                r.problem(path + ".initial-timestamp", "required with initial-position: at-timestamp; give an ISO-8601 instant such as 2026-11-26T21:00:00Z");
                timestampOk = false;
            } else {
                try {
                    timestamp = Instant.parse(timestampText);
                } catch (DateTimeParseException e) {
                    r.problem(path + ".initial-timestamp", "expected an ISO-8601 instant such as 2026-11-26T21:00:00Z, got '" + timestampText + "'");
                    timestampOk = false;
                }
            }
        } else if (timestampText != null) {
            r.problem(path + ".initial-timestamp", "only applies with initial-position: at-timestamp (got " + position.name().toLowerCase(Locale.ROOT)
                    + "); remove it or set initial-position: at-timestamp");
            timestampOk = false;
        }
        boolean tenantFromKey = r.bool(node, path, "tenant-from-partition-key", false);
        Map<String, String> properties = r.stringMap(node, path, "properties");
        if (arn == null || region == null || (endpointText != null && endpoint == null) || !credentials.valid() || !timestampOk) {
            return null;
        }
        return new KinesisSourceSettings(arn, region, endpoint == null ? null : endpoint.toString(), staticCredentials, position, timestamp,
                defaultTenant, tenantFromKey, properties);
    }

    private static EnforcementSettings enforcement(ConfigReader r, JsonNode root) {
        JsonNode limits = r.section(root, "", "limits");
        r.rejectUnknownKeys(limits, "limits");
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
        r.rejectUnknownKeys(overload, "overload");
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
        r.rejectUnknownKeys(node, path);
        return new TenantLimits(
                r.positiveInt(node, path, "samples-rate-limit", (int) inherited.samplesPerSecond()),
                r.positiveInt(node, path, "max-series", (int) Math.min(Integer.MAX_VALUE, inherited.maxSeries())),
                r.positiveInt(node, path, "max-label-names", inherited.maxLabelNames()),
                r.positiveInt(node, path, "max-label-value-length", inherited.maxLabelValueLength()),
                r.positiveInt(node, path, "priority", inherited.priority()));
    }

    static URI uri(ConfigReader r, String text, String key, Set<String> schemes) {
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

    /** How the Kinesis source authenticates. */
    /**
     * What {@code <path>.credentials} asks for: static keys, or the SDK's default chain when both
     * are null; {@code valid} is false once a problem with it has been recorded.
     */
    private record Credentials(boolean valid, String accessKeyId, String secretAccessKey) {
        boolean isStatic() {
            return valid && accessKeyId != null;
        }
    }

    private static Credentials credentials(ConfigReader r, JsonNode node, String path) {
        JsonNode creds = r.section(node, path, "credentials");
        if (creds == null) {
            return new Credentials(true, null, null);
        }
        String cpath = path + ".credentials";
        r.rejectUnknownKeys(creds, cpath);
        CredentialsProvider provider = r.choice(creds, cpath, "provider", CredentialsProvider.class, CredentialsProvider.DEFAULT);
        if (provider == CredentialsProvider.STATIC) {
            String id = r.string(creds, cpath, "access-key-id", null, true);
            String secret = r.string(creds, cpath, "secret-access-key", null, true);
            return id != null && secret != null ? new Credentials(true, id, secret) : new Credentials(false, null, null);
        }
        if (creds.has("access-key-id") || creds.has("secret-access-key")) {
            r.problem(cpath + ".provider", "is 'default' (the SDK's default credential chain) but keys are given; "
                    + "set provider: static to use them, or remove access-key-id and secret-access-key");
            return new Credentials(false, null, null);
        }
        return new Credentials(true, null, null);
    }

    enum CredentialsProvider {
        /** The AWS SDK's default chain: environment, system properties, web identity, profile, container, instance. */
        DEFAULT,
        /** {@code access-key-id} and {@code secret-access-key} from the config. */
        STATIC
    }

    /** Where a consumer group without committed offsets starts. */
    enum StartingOffsets {
        EARLIEST,
        LATEST
    }
}
