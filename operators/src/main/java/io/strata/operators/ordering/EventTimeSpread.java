package io.strata.operators.ordering;

/**
 * How far apart in event time the samples are that left in one stream: for each sample, how far
 * it lies behind the newest one that left before it. A receiver that refuses samples older than
 * its newest minus a window (Prometheus: one hour) refuses exactly those whose spread exceeds it.
 *
 * <p>Keeps the largest spread since the start and the largest of the current and the previous
 * period, so a gauge read at any moment shows at least one whole period. Not thread-safe.
 */
public final class EventTimeSpread {

    private final long periodMillis;
    private long newest = Long.MIN_VALUE;
    private long largest;
    private long largestThisPeriod;
    private long largestLastPeriod;
    private long periodStart = Long.MIN_VALUE;

    /** @param periodMillis the period of {@link #recentMillis()}, in the clock of {@link #rollPeriod} */
    public EventTimeSpread(long periodMillis) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period must be positive, got " + periodMillis);
        }
        this.periodMillis = periodMillis;
    }

    /** Records a sample stamped {@code timestamp} leaving. */
    public void record(long timestamp) {
        if (timestamp > newest) {
            newest = timestamp;
            return;
        }
        long behind = newest - timestamp;
        if (behind > largestThisPeriod) {
            largestThisPeriod = behind;
            if (behind > largest) {
                largest = behind;
            }
        }
    }

    /** Starts a new period when the current one, by {@code nowMillis}, is over. */
    public void rollPeriod(long nowMillis) {
        if (periodStart == Long.MIN_VALUE) {
            periodStart = nowMillis;
        } else if (nowMillis - periodStart >= periodMillis) {
            largestLastPeriod = nowMillis - periodStart >= 2 * periodMillis ? 0 : largestThisPeriod;
            largestThisPeriod = 0;
            periodStart = nowMillis;
        }
    }

    /** The largest spread of the current and the previous period. */
    public long recentMillis() {
        return Math.max(largestThisPeriod, largestLastPeriod);
    }

    /** The largest spread since the start. */
    public long largestMillis() {
        return largest;
    }

    /** The newest timestamp that left, or {@link Long#MIN_VALUE} before any. */
    public long newestMillis() {
        return newest;
    }
}
