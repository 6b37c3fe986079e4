package io.strata.operators.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    // 2026-11-26T00:00:00Z.
    private static final long T0 = 1_795_651_200_000L;
    private static final double RATE = 100;
    private static final double BURST = 50;

    @Test
    void tryAcquire_firstSample_startsFullAtBurst() {
        TokenBucket bucket = new TokenBucket();

        assertThat(bucket.tryAcquire(T0, RATE, BURST)).isTrue();

        assertThat(bucket.tokens()).isEqualTo(BURST - 1);
        assertThat(bucket.clockEpochMillis()).isEqualTo(T0);
    }

    @Test
    void tryAcquire_burstAtOneInstant_grantsExactlyBurst() {
        TokenBucket bucket = new TokenBucket();
        int granted = 0;
        for (int i = 0; i < 200; i++) {
            granted += bucket.tryAcquire(T0, RATE, BURST) ? 1 : 0;
        }

        assertThat(granted).isEqualTo((int) BURST);
    }

    /**
     * 300 samples/s for 600 s of event time against 100/s: the expected pass count is
     * 100 × 600 (refill) + 50 (the full bucket at the start) = 60,050.
     */
    @Test
    void tryAcquire_threeTimesTheRateFor600s_heldToRateTimesDurationPlusBurst() {
        TokenBucket bucket = new TokenBucket();
        long sent = (long) (3 * RATE) * 600;
        long granted = 0;
        for (long i = 0; i < sent; i++) {
            // Evenly spread: sample i at i / 300 s.
            granted += bucket.tryAcquire(T0 + i * 1000 / (long) (3 * RATE), RATE, BURST) ? 1 : 0;
        }

        assertThat((double) granted).isCloseTo(RATE * 600 + BURST, Percentage.withPercentage(1));
    }

    @Test
    void tryAcquire_longIdle_refillCappedAtBurst() {
        TokenBucket bucket = new TokenBucket();
        bucket.tryAcquire(T0, RATE, BURST);

        assertThat(bucket.tryAcquire(T0 + 3_600_000, RATE, BURST)).isTrue();

        assertThat(bucket.tokens()).isEqualTo(BURST - 1);
    }

    @Test
    void tryAcquire_partialRefill_addsRateTimesElapsed() {
        TokenBucket bucket = new TokenBucket();
        for (int i = 0; i < BURST; i++) {
            bucket.tryAcquire(T0, RATE, BURST);
        }
        assertThat(bucket.tokens()).isZero();

        // 100 ms at 100/s is 10 tokens, one of which this sample takes.
        assertThat(bucket.tryAcquire(T0 + 100, RATE, BURST)).isTrue();

        assertThat(bucket.tokens()).isCloseTo(9, within(1e-9));
        assertThat(bucket.clockEpochMillis()).isEqualTo(T0 + 100);
    }

    @Test
    void tryAcquire_olderTimestamp_takesTokenWithoutRefillOrClockMove() {
        TokenBucket bucket = new TokenBucket();
        for (int i = 0; i < BURST; i++) {
            bucket.tryAcquire(T0 + 60_000, RATE, BURST);
        }

        assertThat(bucket.tryAcquire(T0, RATE, BURST)).isFalse();
        assertThat(bucket.tryAcquire(T0 + 59_999, RATE, BURST)).isFalse();

        assertThat(bucket.tokens()).isZero();
        assertThat(bucket.clockEpochMillis()).isEqualTo(T0 + 60_000);
    }

    @Test
    void tryAcquire_olderTimestampWithTokensLeft_takesOne() {
        TokenBucket bucket = new TokenBucket();
        bucket.tryAcquire(T0 + 60_000, RATE, BURST);

        assertThat(bucket.tryAcquire(T0, RATE, BURST)).isTrue();

        assertThat(bucket.tokens()).isEqualTo(BURST - 2);
        assertThat(bucket.clockEpochMillis()).isEqualTo(T0 + 60_000);
    }

    @Test
    void writeToReadFrom_partlyDrainedBucket_roundTrips() throws IOException {
        TokenBucket bucket = new TokenBucket();
        bucket.tryAcquire(T0, RATE, BURST);
        bucket.tryAcquire(T0 + 7, RATE, BURST);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bucket.writeTo(new DataOutputStream(bytes));
        TokenBucket read = TokenBucket.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(bytes.size()).isEqualTo(16);
        assertThat(read.tokens()).isEqualTo(bucket.tokens());
        assertThat(read.clockEpochMillis()).isEqualTo(bucket.clockEpochMillis());
        // The read bucket goes on where the written one stopped, without starting full again.
        assertThat(read.tryAcquire(T0 + 7, RATE, BURST)).isEqualTo(bucket.tryAcquire(T0 + 7, RATE, BURST));
        assertThat(read.tokens()).isEqualTo(bucket.tokens());
    }

    @Test
    void writeToReadFrom_unusedBucket_staysUnused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TokenBucket().writeTo(new DataOutputStream(bytes));
        TokenBucket read = TokenBucket.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(read.clockEpochMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(read.tryAcquire(T0, RATE, BURST)).isTrue();
        assertThat(read.tokens()).isEqualTo(BURST - 1);
    }

    @Test
    void copy_thenAcquireOnOriginal_copyUnchanged() {
        TokenBucket bucket = new TokenBucket();
        bucket.tryAcquire(T0, RATE, BURST);

        TokenBucket copy = bucket.copy();
        bucket.tryAcquire(T0, RATE, BURST);

        assertThat(copy.tokens()).isEqualTo(BURST - 1);
        assertThat(copy.clockEpochMillis()).isEqualTo(T0);
    }
}
