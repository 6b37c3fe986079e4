package io.strata.pipeline.sink.remotewrite;

/** Why the remote_write sink did not deliver a sample; the {@code reason} label of its counter. */
public enum RemoteWriteRejectReason {
    /** A label name outside {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    INVALID_LABEL_NAME("invalid_label_name"),
    /** A {@code __name__} outside {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, or none. */
    INVALID_METRIC_NAME("invalid_metric_name"),
    /** The same label name twice. */
    DUPLICATE_LABEL_NAME("duplicate_label_name"),
    /** A label with an empty value, which Prometheus would silently drop. */
    EMPTY_LABEL_VALUE("empty_label_value"),
    /** The receiver answered a 4xx other than 401/403/408/429 for this series alone. */
    RECEIVER_REJECTED("receiver_rejected"),
    /** The receiver answered one of Prometheus 2.42's permanent 500s for this series alone. */
    RECEIVER_PERMANENT_ERROR("receiver_permanent_error"),
    /**
     * Older than {@code receiver-window} behind the newest sample the receiver accepted, so not
     * sent; or still answered 400 {@code out of bounds} after the request was split by timestamp.
     */
    TOO_OLD("too_old");

    private final String label;

    RemoteWriteRejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
