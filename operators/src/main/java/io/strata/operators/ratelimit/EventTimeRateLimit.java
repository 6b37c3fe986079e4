package io.strata.operators.ratelimit;

import java.io.Serializable;
import java.time.Duration;

/**
 * A rate limit in event time: each epoch-aligned interval of sample timestamps may hold at most
 * {@code rate × interval} samples. A sample is charged to the interval of its own timestamp,
 * so the outcome does not depend on the order in which partitions deliver samples, and a
 * replayed backlog is admitted exactly as the live stream was. The interval should be at least
 * the producers' send interval (10 s for the platform's agents), since a whole scrape shares
 * one timestamp. Pure: the caller keeps the count per interval. Immutable and thread-safe.
 */
public final class EventTimeRateLimit implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;

    public EventTimeRateLimit(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    /** The start of the interval a sample at {@code timestampEpochMillis} is charged to. */
    public long intervalStart(long timestampEpochMillis) {
        return Math.floorDiv(timestampEpochMillis, intervalMillis) * intervalMillis;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /**
     * Samples one interval may hold for a share {@code 1/shares} of {@code samplesPerSecond}:
     * at least one, so a tiny share still lets something through.
     */
    public long budget(double samplesPerSecond, int shares) {
        return Math.max(1, (long) Math.floor(samplesPerSecond * intervalMillis / 1000.0 / shares));
    }

    /** Whether a sample may pass when {@code used} samples were already charged to its interval. */
    public boolean admits(long used, double samplesPerSecond, int shares) {
        return used < budget(samplesPerSecond, shares);
    }
}
