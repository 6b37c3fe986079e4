package io.strata.jobs.config;

import static io.strata.jobs.config.ConfigOption.Type.BOOLEAN;
import static io.strata.jobs.config.ConfigOption.Type.CHOICE;
import static io.strata.jobs.config.ConfigOption.Type.COUNT;
import static io.strata.jobs.config.ConfigOption.Type.DURATION;
import static io.strata.jobs.config.ConfigOption.Type.INSTANT;
import static io.strata.jobs.config.ConfigOption.Type.LIST;
import static io.strata.jobs.config.ConfigOption.Type.LOCATION;
import static io.strata.jobs.config.ConfigOption.Type.MAP;
import static io.strata.jobs.config.ConfigOption.Type.PATH;
import static io.strata.jobs.config.ConfigOption.Type.SECTION;
import static io.strata.jobs.config.ConfigOption.Type.TEXT;
import static io.strata.jobs.config.ConfigOption.Type.URL;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key of Strata's YAML config, declared once: the loader refuses keys not declared here
 * and reads none that is not, and the key tables of {@code docs/CONFIG.md} are generated from
 * it ({@link ConfigDocs}). The typed defaults live with what they configure; the texts here say
 * them for the docs.
 */
public final class StrataOptions {

    /** Stands for a tenant's name in {@code limits.tenants.<tenant>.*}. */
    static final String TENANT = "<tenant>";

    public static final List<ConfigOption> ALL = List.of(
            option("source.kafka.bootstrap-servers", TEXT,
                    "required",
                    "Kafka bootstrap servers, `host:port[,host:port]`"),
            option("source.kafka.topic", TEXT,
                    "required",
                    "topic of remote_write frames: one record = one snappy-block `WriteRequest`, ≤ `policy.max-frame-bytes`"),
            option("source.kafka.group-id", TEXT,
                    "`strata`",
                    "consumer group; offsets are committed on checkpoints"),
            option("source.kafka.starting-offsets", CHOICE,
                    "`earliest`",
                    "where a group without committed offsets starts: `earliest` or `latest`"),
            option("source.kafka.bounded", BOOLEAN,
                    "`false`",
                    "`true` stops at the offsets that are latest when the job starts (backfills, tests)"),
            option("source.kafka.properties", MAP,
                    "`{}`",
                    "extra Kafka consumer properties, passed through (e.g. `security.protocol`)"),
            option("source.default-tenant", TEXT,
                    "`default`",
                    "tenant of records without an `X-Scope-OrgID` header (Kafka), or without a `tenant/` partition-key prefix (Kinesis)"),
            option("source.tenants", LIST,
                    "`[]` (any)",
                    "the tenants that may send; a record naming another is rejected whole (`unknown_tenant`). Must list `source.default-tenant`"),
            option("source.kinesis.stream-arn", TEXT,
                    "required",
                    "`arn:aws:kinesis:<region>:<account>:stream/<name>`; one record = one snappy-block `WriteRequest`"),
            option("source.kinesis.region", TEXT,
                    "the ARN's region",
                    "AWS region of the stream"),
            option("source.kinesis.endpoint", URL,
                    "AWS's",
                    "endpoint override, e.g. `http://127.0.0.1:19094` (kinesis-mock, `scripts/kinesis-start`) or a VPC endpoint"),
            option("source.kinesis.credentials.provider", CHOICE,
                    "`default`",
                    "`default`: the AWS SDK's default chain (environment, system properties, web identity, profile, container, instance role); `static`: the two keys below"),
            option("source.kinesis.credentials.access-key-id", TEXT,
                    "—",
                    "with `provider: static`"),
            option("source.kinesis.credentials.secret-access-key", TEXT,
                    "—",
                    "with `provider: static`; never logged"),
            option("source.kinesis.initial-position", CHOICE,
                    "`latest`",
                    "where each shard starts when the job has no checkpoint: `latest`, `trim-horizon` (oldest retained record) or `at-timestamp` (replays)"),
            option("source.kinesis.initial-timestamp", INSTANT,
                    "—",
                    "ISO-8601 instant, e.g. `2026-11-26T21:00:00Z`; required with `at-timestamp` and only allowed with it"),
            option("source.kinesis.tenant-from-partition-key", BOOLEAN,
                    "`false`",
                    "`true`: a partition key `tenant/host` gives the tenant (the part before the first `/`); keys without a `/` get `source.default-tenant`"),
            option("source.kinesis.properties", MAP,
                    "`{}`",
                    "connector properties passed through as they are, e.g. `flink.shard.discovery.intervalmillis` (default `10000`), `aws.http-client.max-concurrency`, or `aws.credentials.provider: ASSUME_ROLE` with `aws.credentials.provider.role.arn` when no `credentials` section is given"),
            option("policy.allowlist", LIST,
                    "the platform's 8 labels",
                    "labels allowed besides the identity labels `__name__`, `job`, `instance`, `le`"),
            option("policy.forbidden", LIST,
                    "`player_id, raw_ip, ip, email, request_id, free_text`",
                    "PII labels: a sample carrying one is dropped whole; its value reaches no output, log or rejected row (the rejected row names the label only). Matched after normalisation: case-insensitive, `.` and `-` read as `_`, so `Player_ID` and `player-id` are caught"),
            option("policy.forbidden-patterns", LIST,
                    "`*email*, *_ip, *_address, *player_id*`",
                    "PII by pattern (`*` = any run of characters), matched after the same normalisation: `user_email`, `client_ip`, OpenTelemetry's `client.address`. A pattern that matches an allowed label is a config error"),
            option("policy.unknown-labels", CHOICE,
                    "`reject`",
                    "a label neither identity nor allowlisted: `reject` the sample (`label_not_allowed`) or `strip` the label"),
            option("policy.max-future-skew", DURATION,
                    "`10m`",
                    "samples further than this ahead of the wall clock are rejected (`timestamp_too_far_in_future`)"),
            option("policy.max-record-age", DURATION,
                    "`7d`",
                    "a broker timestamp older than this (Kafka's default retention) is a producer's claim, not an arrival: such a record's rejected and late rows are placed by the time of reading"),
            option("policy.max-frame-bytes", COUNT,
                    "`1048576`",
                    "larger records are rejected whole (`frame_too_large`)"),
            option("policy.max-decompressed-bytes", COUNT,
                    "4 × `max-frame-bytes`",
                    "a frame decompressing to more is rejected whole (`frame_too_large`), checked from the snappy header before anything is allocated"),
            option("policy.max-series-per-frame", COUNT,
                    "`50000`",
                    "more series is a bomb, rejected whole (`too_many_series`) before any series is read"),
            option("policy.max-samples-per-series", COUNT,
                    "`50000`",
                    "float plus histogram samples of one series in one frame; over it the series is rejected (`too_many_samples`)"),
            option("policy.max-labels-per-series", COUNT,
                    "`64`",
                    "over it the series is rejected (`too_many_labels`) without its labels ever becoming strings"),
            option("policy.max-label-name-bytes", COUNT,
                    "`1024`",
                    "one label name (Mimir's default); longer rejects the series (`label_too_long`)"),
            option("policy.max-label-value-bytes", COUNT,
                    "`2048`",
                    "one label value (Mimir's default); longer rejects the series (`label_too_long`). The tenant limit `max_label_value_length` (characters) applies after this"),
            option("policy.max-buckets-per-histogram", COUNT,
                    "`320`",
                    "positive plus negative buckets (and spans) of one native histogram; more rejects that sample (`histogram_too_many_buckets`)"),
            option("limits.max-series-per-host", COUNT,
                    "`300`",
                    "active series per host (tenant + `instance`); new series beyond it are rejected (`host_series_limit`) until others expire"),
            option("limits.series-ttl", DURATION,
                    "`15m`",
                    "a series stays active this long after its last sample, in event time; after that it no longer counts against its host's and tenant's budgets, and its admission state is dropped once the watermark passes (a host or tenant gone silent leaves no state). (Its rollup state — counter cursor, previous histogram — is kept for 6 h of silence, so the step across a stream pause still counts, then dropped so state does not grow with series churn.)"),
            option("limits.rate-interval", DURATION,
                    "`10s`",
                    "the event-time interval `samples-rate-limit` is counted over: at most rate × interval samples per interval; keep it ≥ the producers' send interval"),
            option("limits.tenant-shards", COUNT,
                    "`16`",
                    "keys each tenant's series budget and rate are split across (see [LIMITS.md](LIMITS.md) for the math and its error)"),
            option("limits.tenants.<tenant>.samples-rate-limit", COUNT,
                    "default: `20000`",
                    "samples per second of event time, counted per `rate-interval` (`samples_rate_limit`)"),
            option("limits.tenants.<tenant>.max-series", COUNT,
                    "default: `2000000`",
                    "active series of the tenant (`max_series`)"),
            option("limits.tenants.<tenant>.max-label-names", COUNT,
                    "default: `30`",
                    "labels per series, `__name__` included (`max_label_names`)"),
            option("limits.tenants.<tenant>.max-label-value-length", COUNT,
                    "default: `2048`",
                    "characters per label value (`max_label_value_length`)"),
            option("limits.tenants.<tenant>.priority", COUNT,
                    "default: `100`",
                    "higher is more important; under overload lower priorities are shed first"),
            option("overload.enabled", BOOLEAN,
                    "`true`",
                    "shed low-priority tenants under overload (`overload_shed`); turn off for backfills of old data"),
            option("overload.freshness-threshold", DURATION,
                    "`10s`",
                    "freshness (processing time − sample time) above which the pipeline may be overloaded"),
            option("overload.sustain", DURATION,
                    "`30s`",
                    "how long freshness must stay above the threshold, without shrinking, to count as overload"),
            option("event-time.max-out-of-orderness", DURATION,
                    "`30s`",
                    "how far behind the newest sample of a partition (or shard) a sample may arrive. A sample counts for the watermark as stamped at most this far ahead of the wall clock, so the watermark never passes the wall clock: a sample ahead by up to `policy.max-future-skew` is kept with its own timestamp but cannot make the rest of its partition late"),
            option("event-time.idleness", DURATION,
                    "`1m`",
                    "a partition (or shard) silent this long stops holding the watermark back; only time in which the source could read"
                            + " counts (not while it is back-pressured, paused for alignment, or blocked emitting a frame), at most 1 s per"
                            + " periodic watermark emit (`pipeline.auto-watermark-interval`, 200 ms by default), so a receiver outage never"
                            + " makes a partition idle; must be positive"),
            option("event-time.alignment-max-drift", DURATION,
                    "`1m`",
                    "watermark alignment: a partition (or shard) whose watermark runs more than this ahead of the slowest one is paused until the others catch up, so a replayed backlog cannot let one partition race ahead and make the others' samples late; `0s` turns it off"),
            option("rollups.allowed-lateness.1m", DURATION,
                    "`1m`",
                    "how long after a 1m window has fired (the watermark passed its end) it still takes samples"),
            option("rollups.allowed-lateness.5m", DURATION,
                    "`5m`",
                    "how long after a 5m window has fired it still takes corrected 1m results"),
            option("rollups.allowed-lateness.1h", DURATION,
                    "`15m`",
                    "how long after a 1h window has fired it still takes corrected 5m results"),
            option("rules.files", LIST,
                    "`[]`",
                    "Prometheus rule-group files of recording rules to compute in the stream; a relative path is read from the config file's folder (as Prometheus reads `rule_files`). The results go to the hot output, so `hot.remote-write.url` is then required"),
            option("hot.remote-write.url", URL,
                    "none: no hot output",
                    "the receiver's write endpoint, e.g. `http://prometheus:9090/api/v1/write` (`http` or `https`)"),
            option("hot.remote-write.headers", MAP,
                    "`{}`",
                    "extra request headers; values are never logged nor shown in config dumps"),
            option("hot.remote-write.send-tenant-header", BOOLEAN,
                    "`false`",
                    "send the sample's tenant as `X-Scope-OrgID` (Mimir, Cortex); batches are then per tenant"),
            option("hot.remote-write.auth.bearer-token", TEXT,
                    "—",
                    "`Authorization: Bearer <token>`"),
            option("hot.remote-write.auth.bearer-token-file", PATH,
                    "—",
                    "the same, the token read from a file when the config is loaded"),
            option("hot.remote-write.auth.basic.username", TEXT,
                    "—",
                    "`Authorization: Basic`"),
            option("hot.remote-write.auth.basic.password", TEXT,
                    "—",
                    "`Authorization: Basic`"),
            option("hot.remote-write.auth.sigv4.region", TEXT,
                    "—",
                    "AWS Signature V4 for Amazon Managed Prometheus (AWS SDK v2 `AwsV4HttpSigner`), each attempt signed anew; credentials from the SDK's default chain (environment, system properties, web identity, profile, container, instance role), never from this file"),
            option("hot.remote-write.auth.sigv4.service", TEXT,
                    "`aps`",
                    "the signing name; `aps` is Amazon Managed Prometheus. One of `bearer-token`, `bearer-token-file`, `basic` and `sigv4` at most"),
            option("hot.remote-write.tls.ca-file", PATH,
                    "the JDK's trust store",
                    "PEM CA certificate(s) to trust instead (self-signed or private CA)"),
            option("hot.remote-write.tls.cert-file", PATH,
                    "—",
                    "client certificate (PEM chain) and its PKCS#8 PEM key (`BEGIN PRIVATE KEY`) for mTLS; both or neither"),
            option("hot.remote-write.tls.key-file", PATH,
                    "—",
                    "client certificate (PEM chain) and its PKCS#8 PEM key (`BEGIN PRIVATE KEY`) for mTLS; both or neither"),
            option("hot.remote-write.max-batch-samples", COUNT,
                    "`2000`",
                    "samples per request at most (Prometheus' own `max_samples_per_send`; the official Flink sink sends 500)"),
            option("hot.remote-write.max-batch-bytes", COUNT,
                    "`4194304`",
                    "uncompressed protobuf bytes per request at most (estimated before encoding)"),
            option("hot.remote-write.max-batch-age", DURATION,
                    "`1s`",
                    "a partial batch is sent after waiting this long, so quiet streams stay fresh"),
            option("hot.remote-write.max-in-flight", COUNT,
                    "`4`",
                    "requests in flight per sink subtask; series are sharded over them, one request at a time per shard, so each series stays in timestamp order"),
            option("hot.remote-write.max-buffered-samples", COUNT,
                    "2 × `max-in-flight` × `max-batch-samples`",
                    "samples a subtask holds (batched, queued, in flight) before it backpressures"),
            option("hot.remote-write.max-retries", COUNT,
                    "`120`",
                    "retries of one request answered 429, 408, 5xx (not a permanent one) or not at all, before the job fails and restarts from its checkpoint"),
            option("hot.remote-write.initial-backoff", DURATION,
                    "`100ms`",
                    "first retry delay; doubles each retry, with jitter (a random half of it), never shorter than the receiver's `Retry-After` (seconds or HTTP date)"),
            option("hot.remote-write.max-backoff", DURATION,
                    "`5s`",
                    "ceiling of the backoff (Prometheus' own remote_write default); with the defaults the sink keeps trying for about 7 minutes."
                            + " Keep it short: the raw and derived writers retry independently, and during a replay the one that resumes first"
                            + " can run past the receiver's window ahead of the other"),
            option("hot.remote-write.request-timeout", DURATION,
                    "`30s`",
                    "per attempt (and connect timeout)"),
            option("hot.remote-write.high-water-mark-max-series", COUNT,
                    "`500000`",
                    "series per subtask whose last delivered timestamp is kept in the checkpoint (16 bytes each); beyond it the least recently delivered are dropped"),
            option("hot.remote-write.receiver-window", DURATION,
                    "`1h`",
                    "how far behind its newest sample the receiver still takes older ones (Prometheus: 1h, its `out of bounds`); a sample older than the newest one the receiver accepted from this subtask (for the same tenant, with `send-tenant-header`) minus this is not sent but counted as too old and written to the cold `rejected` dataset (reason `remote_write_too_old`). Set it to the receiver's own window (e.g. Mimir's `out_of_order_time_window` when larger); `0s` turns it off"),
            option("hot.remote-write.max-held-samples", COUNT,
                    "`500000`",
                    "raw samples a sink subtask holds back at most while they are more than `event-time.alignment-max-drift` ahead of the job's watermark (so a replay reaches the receiver in step, [REPLAYS.md](REPLAYS.md)); beyond it the oldest leave early, counted in `hot_released_early_total`. About 100 bytes each on the heap, and in the checkpoint while held"),
            option("hot.remote-write.derived.url", URL,
                    "the raw endpoint's",
                    "`url`, `headers`, `send-tenant-header`, `auth`, `tls` for derived series (1m/5m rollups, rule results) when they go elsewhere (e.g. a long-retention store, as M3 routes resolutions); unset keys inherit from the raw endpoint; batching and retries are shared"),
            option("hot.remote-write.derived.headers", MAP,
                    "the raw endpoint's",
                    "as `hot.remote-write.headers`, for the derived series"),
            option("hot.remote-write.derived.send-tenant-header", BOOLEAN,
                    "the raw endpoint's",
                    "as `hot.remote-write.send-tenant-header`, for the derived series"),
            option("hot.remote-write.derived.auth", SECTION,
                    "the raw endpoint's",
                    "the keys of `hot.remote-write.auth`, for the derived series"),
            option("hot.remote-write.derived.tls", SECTION,
                    "the raw endpoint's",
                    "the keys of `hot.remote-write.tls`, for the derived series"),
            option("cold.path", LOCATION,
                    "none: no cold output",
                    "base directory, `file://` URI or `s3://bucket/prefix` of the Parquet datasets"),
            option("cold.s3.endpoint", URL,
                    "AWS' own endpoints",
                    "an S3-compatible store, e.g. `http://127.0.0.1:19096` (S3Mock), MinIO, or a VPC endpoint"),
            option("cold.s3.path-style", BOOLEAN,
                    "`false`",
                    "`http://host/bucket/key` addressing, which most S3-compatible stores need"),
            option("cold.s3.region", TEXT,
                    "the AWS SDK's region chain (`AWS_REGION`, profile, instance metadata)",
                    "the bucket's region, e.g. `eu-west-1`"),
            option("cold.s3.credentials.provider", CHOICE,
                    "`default`",
                    "`default`: the AWS SDK v2 default credential chain (environment, system properties, web identity / IRSA, profile, container and instance roles); `static`: the two keys below, meant for tests"),
            option("cold.s3.credentials.access-key-id", TEXT,
                    "none",
                    "with `provider: static`; the secret never appears in logs or config dumps"),
            option("cold.s3.credentials.secret-access-key", TEXT,
                    "none",
                    "with `provider: static`; the secret never appears in logs or config dumps"),
            option("cold.s3.sse-kms-key-id", TEXT,
                    "none: the bucket's default encryption",
                    "objects are written with SSE-KMS under this key (id, alias or ARN)"),
            option("cold.s3.codec", CHOICE,
                    "`snappy`",
                    "Parquet compression of the S3 output: `snappy` or `zstd`"),
            option("cold.s3.part-size-mib", COUNT,
                    "`8`",
                    "multipart part size, at least 5 (S3's minimum); a file up to this size is one part"),
            option("cold.s3.max-file-size-mib", COUNT,
                    "`128`",
                    "a staging file is rolled at this size, besides at every checkpoint"),
            option("cold.s3.staging-dir", PATH,
                    "`<java.io.tmpdir>/strata-s3-staging`",
                    "local directory for the Parquet files of the current checkpoint"),
            option("job.parallelism", COUNT,
                    "`2`",
                    "Flink parallelism of every operator"),
            option("job.checkpoint-interval", DURATION,
                    "`30s`",
                    "checkpoint interval; cold files become visible at each checkpoint, and remote_write batches are flushed before it"),
            option("job.state-backend", CHOICE,
                    "`hashmap`",
                    "where keyed state lives: `hashmap` (the heap; fastest while state fits, every checkpoint full) or `rocksdb` (local disk, incremental checkpoints; for hundreds of thousands of series and more). `strata run` and `strata submit` both set it (a local run with `rocksdb` gives its cluster 512 MB of managed memory for RocksDB's cache and write buffers; on a Flink cluster the TaskManagers' `taskmanager.memory.managed.size` decides); a savepoint restores into either. On `rocksdb` the host, tenant and rollup stages keep their hottest state in the heap between checkpoints (up to 32,768 entries per state and subtask, least recently used written back first, everything written back before each snapshot), so RocksDB is read once per series and written once per checkpoint rather than per sample; its heap use depends on the series' labels: budget up to ~100 MB per stage and subtask"));

    private static final Map<String, ConfigOption> BY_KEY =
            ALL.stream().collect(Collectors.toMap(ConfigOption::key, Function.identity()));

    private StrataOptions() {}

    /** The option of {@code key} (any tenant's name for {@code <tenant>}), or null when none is declared. */
    static ConfigOption find(String key) {
        return BY_KEY.get(canonical(key));
    }

    /** {@code key} as declared: a tenant's name as {@code <tenant>}, the derived endpoint's auth and tls as the raw one's. */
    static String canonical(String key) {
        String canonical = key;
        if (canonical.startsWith("limits.tenants.") && canonical.length() > "limits.tenants.".length()) {
            String rest = canonical.substring("limits.tenants.".length());
            int dot = rest.indexOf('.');
            canonical = "limits.tenants." + TENANT + (dot < 0 ? "" : rest.substring(dot));
        }
        for (String shared : List.of("auth", "tls")) {
            String derived = "hot.remote-write.derived." + shared;
            if (canonical.equals(derived) || canonical.startsWith(derived + ".")) {
                canonical = "hot.remote-write." + shared + canonical.substring(derived.length());
            }
        }
        return canonical;
    }

    private static ConfigOption option(String key, ConfigOption.Type type, String defaultText, String meaning) {
        return new ConfigOption(key, type, defaultText, meaning);
    }
}
