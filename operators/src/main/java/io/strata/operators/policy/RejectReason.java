package io.strata.operators.policy;

/**
 * Why a frame or a sample was not forwarded: the closed set of values of the {@code reason}
 * label of {@code samples_rejected_total} and {@code frames_rejected_total}.
 */
public enum RejectReason {
    // Frame level: nothing in the frame was forwarded.
    EMPTY_FRAME("empty_frame"),
    FRAME_TOO_LARGE("frame_too_large"),
    BAD_SNAPPY("bad_snappy"),
    BAD_PROTOBUF("bad_protobuf"),
    TOO_MANY_SERIES("too_many_series"),
    /** A readable remote_write 1.0 request without series or metadata. */
    NO_SERIES("no_series"),
    /** Metadata alone (Prometheus sends these periodically): nothing to roll up, not an error. */
    METADATA_ONLY("metadata_only"),
    /** A remote_write 2.0 request ({@code io.prometheus.write.v2.Request}), which Strata does not read yet. */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** A tenant name that is too long or has characters Mimir does not allow. */
    INVALID_TENANT("invalid_tenant"),
    /** A well-formed tenant name outside {@code source.tenants}. */
    UNKNOWN_TENANT("unknown_tenant"),

    // Sample level, malformed (the whole series of a frame, unless said otherwise).
    BAD_SERIES("bad_series"),
    INVALID_UTF8("invalid_utf8"),
    INVALID_METRIC_NAME("invalid_metric_name"),
    TOO_MANY_LABELS_IN_SERIES("too_many_labels"),
    LABEL_TOO_LONG("label_too_long"),
    TOO_MANY_SAMPLES("too_many_samples"),
    /** One native histogram sample that Prometheus would refuse (counts, spans, zero bucket). */
    HISTOGRAM_INVALID("histogram_invalid"),
    HISTOGRAM_TOO_MANY_BUCKETS("histogram_too_many_buckets"),
    /** A native histogram schema outside -4..8. */
    HISTOGRAM_SCHEMA_UNSUPPORTED("histogram_schema_unsupported"),
    /** A native histogram with custom buckets (schema -53, NHCB), which Strata does not roll up. */
    HISTOGRAM_CUSTOM_BUCKETS("histogram_custom_buckets"),
    MISSING_METRIC_NAME("missing_metric_name"),
    EMPTY_LABEL_NAME("empty_label_name"),
    DUPLICATE_LABEL_NAME("duplicate_label_name"),
    UNSORTED_LABELS("unsorted_labels"),
    INVALID_LABEL_NAME("invalid_label_name"),
    NAN_VALUE("nan_value"),
    TIMESTAMP_INVALID("timestamp_invalid"),
    TIMESTAMP_TOO_FAR_IN_FUTURE("timestamp_too_far_in_future"),

    // Sample level, not bad input: a Prometheus staleness marker, recognised and not rolled up.
    STALENESS_MARKER("staleness_marker"),

    // Sample level, against the label policy.
    FORBIDDEN_LABEL("forbidden_label"),
    LABEL_NOT_ALLOWED("label_not_allowed"),
    SUMMARY_NOT_SUPPORTED("summary_not_supported"),

    // Sample level, over a limit: also counted in tenant_over_limit_total{tenant,reason}.
    TOO_MANY_LABELS("max_label_names"),
    LABEL_VALUE_TOO_LONG("max_label_value_length"),
    HOST_SERIES_LIMIT("host_series_limit"),
    TENANT_SERIES_LIMIT("max_series"),
    TENANT_RATE_LIMIT("samples_rate_limit"),
    OVERLOAD_SHED("overload_shed"),

    // Sample level, refused by the remote_write receiver for its series alone (the sink counts
    // these in remote_write_samples_rejected_total; only their cold rows carry these reasons).
    REMOTE_WRITE_REJECTED("remote_write_rejected"),
    REMOTE_WRITE_PERMANENT_ERROR("remote_write_permanent_error"),
    /** Older than the receiver's window behind the newest sample it accepted (Prometheus' {@code out of bounds}). */
    REMOTE_WRITE_TOO_OLD("remote_write_too_old");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** The value of the {@code reason} label, in Prometheus' snake case. */
    public String label() {
        return label;
    }

    /** Whether this reason is a limit rather than malformed input or the schema. */
    public boolean isLimit() {
        return this == TOO_MANY_LABELS || this == LABEL_VALUE_TOO_LONG || this == HOST_SERIES_LIMIT
                || this == TENANT_SERIES_LIMIT || this == TENANT_RATE_LIMIT || this == OVERLOAD_SHED;
    }

    /** Whether this reason rejects a whole frame rather than one sample. */
    public boolean isFrameLevel() {
        return switch (this) {
            case EMPTY_FRAME, FRAME_TOO_LARGE, BAD_SNAPPY, BAD_PROTOBUF, TOO_MANY_SERIES, NO_SERIES, METADATA_ONLY,
                    UNSUPPORTED_PROTOCOL, INVALID_TENANT, UNKNOWN_TENANT -> true;
            default -> false;
        };
    }
}
