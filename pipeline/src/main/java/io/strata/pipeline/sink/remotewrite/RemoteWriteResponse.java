package io.strata.pipeline.sink.remotewrite;

/** What a remote_write answer means for the batch that was sent. */
enum RemoteWriteResponse {
    /** 2xx: delivered. */
    DELIVERED,
    /** 429, 5xx or no answer: send the same batch again after a backoff. */
    RETRY,
    /** A 4xx, or a 5xx that Prometheus 2.42 uses for permanent errors: retrying cannot help. */
    REJECTED;

    /**
     * Prometheus 2.42 answers these permanent errors with 500 rather than 400 (DESIGN.md): a
     * sender that retries every 5xx would loop on them forever.
     */
    private static final String[] PERMANENT_500_MESSAGES = {
        "native histograms are disabled", "histogram", "duplicate label"
    };

    static RemoteWriteResponse classify(int status, String body) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 429) {
            return RETRY;
        }
        if (status >= 500) {
            String text = body == null ? "" : body.toLowerCase(java.util.Locale.ROOT);
            for (String message : PERMANENT_500_MESSAGES) {
                if (text.contains(message)) {
                    return REJECTED;
                }
            }
            return RETRY;
        }
        return REJECTED;
    }
}
