package io.strata.operators.ratelimit;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A token bucket clocked by event time: it refills at {@code ratePerSecond} as the newest sample
 * timestamp it has seen advances, holds at most {@code burst} tokens, and each sample takes one.
 * Clocking by event time makes a replay of a backlog pass the same samples as the live stream
 * did, however fast it is read. Starts full. Not thread-safe.
 */
public final class TokenBucket {

    private double tokens;
    private long clockEpochMillis = Long.MIN_VALUE;

    /**
     * Takes one token for a sample at {@code timestampEpochMillis} if there is one. Samples older
     * than the clock take tokens without refilling.
     */
    public boolean tryAcquire(long timestampEpochMillis, double ratePerSecond, double burst) {
        if (clockEpochMillis == Long.MIN_VALUE) {
            tokens = burst;
            clockEpochMillis = timestampEpochMillis;
        } else if (timestampEpochMillis > clockEpochMillis) {
            tokens = Math.min(burst, tokens + (timestampEpochMillis - clockEpochMillis) * ratePerSecond / 1000.0);
            clockEpochMillis = timestampEpochMillis;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    public double tokens() {
        return tokens;
    }

    public long clockEpochMillis() {
        return clockEpochMillis;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeDouble(tokens);
        out.writeLong(clockEpochMillis);
    }

    public static TokenBucket readFrom(DataInput in) throws IOException {
        TokenBucket bucket = new TokenBucket();
        bucket.tokens = in.readDouble();
        bucket.clockEpochMillis = in.readLong();
        return bucket;
    }

    public TokenBucket copy() {
        TokenBucket copy = new TokenBucket();
        copy.tokens = tokens;
        copy.clockEpochMillis = clockEpochMillis;
        return copy;
    }
}
