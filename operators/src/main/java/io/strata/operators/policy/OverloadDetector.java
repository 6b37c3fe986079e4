package io.strata.operators.policy;

import java.io.Serializable;
import java.time.Duration;

/**
 * Decides when the pipeline is overloaded, the signal for shedding low-priority tenants (the
 * platform's shed order). Overloaded means: freshness (processing time minus sample time) has
 * stayed above its threshold for a whole {@code sustain} interval and did not shrink over it.
 * "Did not shrink" keeps a replay of a backlog, whose lag is large but falling, from counting as
 * overload. Not thread-safe; one per operator instance, in memory (an approximation is enough).
 */
public final class OverloadDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long thresholdMillis;
    private final long sustainMillis;
    private long intervalStartMillis = Long.MIN_VALUE;
    private long lagAtIntervalStartMillis;
    private long minLagInIntervalMillis = Long.MAX_VALUE;
    private boolean overloaded;

    public OverloadDetector(Duration freshnessThreshold, Duration sustain) {
        this.thresholdMillis = freshnessThreshold.toMillis();
        this.sustainMillis = sustain.toMillis();
    }

    /** Feeds one sample's freshness and returns whether the pipeline is overloaded now. */
    public boolean observe(long sampleEpochMillis, long nowEpochMillis) {
        long lag = nowEpochMillis - sampleEpochMillis;
        if (intervalStartMillis == Long.MIN_VALUE) {
            startInterval(nowEpochMillis, lag);
        }
        minLagInIntervalMillis = Math.min(minLagInIntervalMillis, lag);
        if (nowEpochMillis - intervalStartMillis >= sustainMillis) {
            overloaded = minLagInIntervalMillis > thresholdMillis && lag >= lagAtIntervalStartMillis;
            startInterval(nowEpochMillis, lag);
        }
        return overloaded;
    }

    public boolean isOverloaded() {
        return overloaded;
    }

    private void startInterval(long now, long lag) {
        intervalStartMillis = now;
        lagAtIntervalStartMillis = lag;
        minLagInIntervalMillis = lag;
    }
}
