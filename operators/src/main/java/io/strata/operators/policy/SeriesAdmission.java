package io.strata.operators.policy;

import java.io.Serializable;
import java.time.Duration;

/**
 * Admits series under a cap, stably: a series once admitted keeps flowing; a new series is
 * admitted while fewer than {@code cap} series are active and rejected otherwise, until active
 * series expire. A series is active while it was seen within {@code ttl} of the key's event
 * clock (the newest sample timestamp of the host or tenant shard).
 *
 * <p>Pure: the caller keeps, per key, each admitted series' last-seen time and the active count,
 * and writes only what the {@link Decision} says, so that a state backend sees one read per
 * sample and a write only when a series is new or its last-seen time moved by
 * {@link #touchIntervalMillis()}. Immutable and thread-safe.
 */
public final class SeriesAdmission implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Last-seen times are refreshed at this fraction of the TTL, not on every sample. */
    private static final int TOUCHES_PER_TTL = 16;

    /** What to do with a sample of a series. */
    public enum Decision {
        /** Known and recently seen: forward, write nothing. */
        ADMIT,
        /** Known: forward and store the sample's time as the series' last-seen time. */
        ADMIT_AND_TOUCH,
        /** New and under the cap: forward, store the series, count it. */
        ADMIT_NEW,
        /** New and the cap is reached: do not forward. */
        REJECT;

        public boolean admits() {
            return this != REJECT;
        }

        /** Whether the caller stores the sample's time as the series' last-seen time. */
        public boolean storesLastSeen() {
            return this == ADMIT_AND_TOUCH || this == ADMIT_NEW;
        }
    }

    private final int cap;
    private final long ttlMillis;

    public SeriesAdmission(int cap, Duration ttl) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap must not be negative, got " + cap);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        this.cap = cap;
        this.ttlMillis = ttl.toMillis();
    }

    /**
     * @param known whether the series is among the stored ones
     * @param lastSeenEpochMillis its stored last-seen time (ignored when not known)
     * @param activeCount how many series are stored for the key
     */
    public Decision decide(boolean known, long lastSeenEpochMillis, int activeCount, long timestampEpochMillis) {
        if (known) {
            return timestampEpochMillis - lastSeenEpochMillis >= touchIntervalMillis() ? Decision.ADMIT_AND_TOUCH : Decision.ADMIT;
        }
        return activeCount < cap ? Decision.ADMIT_NEW : Decision.REJECT;
    }

    /** Whether a series last seen at {@code lastSeenEpochMillis} has expired at the key's event clock. */
    public boolean isExpired(long lastSeenEpochMillis, long clockEpochMillis) {
        return clockEpochMillis - lastSeenEpochMillis > ttlMillis;
    }

    /**
     * Whether a full key should look for expired series before rejecting: at most once per
     * touch interval of its event clock, so that a host pushing series over its cap does not
     * make every sample scan the key's series.
     */
    public boolean shouldSweep(long lastSweepEpochMillis, long clockEpochMillis) {
        // Long.MIN_VALUE means never swept; subtracting it would overflow.
        return lastSweepEpochMillis == Long.MIN_VALUE || clockEpochMillis - lastSweepEpochMillis >= touchIntervalMillis();
    }

    /**
     * The event time from which a series last seen at {@code lastSeenEpochMillis} is expired at
     * any clock, rounded up to a multiple of the touch interval, so that a key's series share a
     * few expiry times instead of one each; {@link Long#MAX_VALUE} if that lies beyond the range.
     */
    public long expiryEpochMillis(long lastSeenEpochMillis) {
        long step = touchIntervalMillis();
        if (lastSeenEpochMillis > Long.MAX_VALUE - ttlMillis - 2 * step) {
            return Long.MAX_VALUE;
        }
        return Math.floorDiv(lastSeenEpochMillis + ttlMillis + step, step) * step;
    }

    public int cap() {
        return cap;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    /** How far a series' last-seen time may lag before it is rewritten: TTL / {@value #TOUCHES_PER_TTL}. */
    public long touchIntervalMillis() {
        return Math.max(1, ttlMillis / TOUCHES_PER_TTL);
    }
}
