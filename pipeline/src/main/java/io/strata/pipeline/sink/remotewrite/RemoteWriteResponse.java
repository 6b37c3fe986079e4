package io.strata.pipeline.sink.remotewrite;

import java.util.Locale;

/** What a remote_write answer means for the batch that was sent. */
enum RemoteWriteResponse {
    /** 2xx: delivered. */
    DELIVERED,
    /** 429, 408, 5xx or no answer: send the same batch again after a backoff. */
    RETRY,
    /**
     * 400 {@code out of order sample} or {@code duplicate sample for timestamp}: the receiver
     * already holds a later (or this) sample of a series, which after a restart means this one
     * was delivered before.
     */
    ALREADY_DELIVERED,
    /**
     * 400 {@code out of bounds}: a sample is older than the receiver's head allows. It was never
     * delivered; nothing says which series, only that older samples are the refused ones.
     */
    TOO_OLD,
    /** Another 4xx: the batch holds something the receiver will never accept. */
    REJECTED,
    /** A 5xx that Prometheus 2.42 uses for permanent errors. */
    REJECTED_PERMANENT,
    /** 401 or 403: no request will succeed until the credential is fixed. */
    UNAUTHORIZED;

    /**
     * Prometheus 2.42 answers these permanent errors with 500 rather than 400 (docs/CONTRACT.md): a
     * sender that retries every 5xx would loop on them forever. "histogram" covers its histogram
     * validation messages (negative counts, count mismatch, span errors).
     */
    private static final String[] PERMANENT_500_MESSAGES = {
        "native histograms are disabled", "histogram", "duplicate label"
    };

    /** Prometheus 2.42's texts for samples at or before what a series already holds (storage.Err*). */
    private static final String[] ALREADY_DELIVERED_MESSAGES = {
        "out of order sample", "duplicate sample for timestamp"
    };

    /**
     * Prometheus' storage.ErrOutOfBounds (older than the head's newest sample minus one hour) and,
     * with an out-of-order window, storage.ErrTooOldSample (older than the window).
     */
    private static final String[] TOO_OLD_MESSAGES = {"out of bounds", "too old sample"};

    static RemoteWriteResponse classify(int status, String body) {
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        // 0: no answer (connection refused, reset, timeout); 408 and 429: the receiver asks to come back.
        if (status == 0 || status == 408 || status == 429) {
            return RETRY;
        }
        String text = body == null ? "" : body.toLowerCase(Locale.ROOT);
        if (status >= 500) {
            return contains(text, PERMANENT_500_MESSAGES) ? REJECTED_PERMANENT : RETRY;
        }
        if (status == 400 && contains(text, ALREADY_DELIVERED_MESSAGES)) {
            return ALREADY_DELIVERED;
        }
        if (status == 400 && contains(text, TOO_OLD_MESSAGES)) {
            return TOO_OLD;
        }
        return REJECTED;
    }

    private static boolean contains(String text, String[] messages) {
        for (String message : messages) {
            if (text.contains(message)) {
                return true;
            }
        }
        return false;
    }
}
