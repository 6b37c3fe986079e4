package io.strata.operators.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventTimeRateLimitTest {

    // 2026-11-26T00:00:00Z.
    private static final long T0 = 1_795_651_200_000L;
    private final EventTimeRateLimit limit = new EventTimeRateLimit(Duration.ofSeconds(10));

    @Test
    void intervalStart_alignsToTheEpoch() {
        assertThat(limit.intervalStart(T0 + 9_999)).isEqualTo(T0);
        assertThat(limit.intervalStart(T0 + 10_000)).isEqualTo(T0 + 10_000);
        assertThat(limit.intervalStart(-1)).isEqualTo(-10_000);
    }

    @Test
    void budget_isRateTimesIntervalSplitOverShares() {
        // 20,000 samples/s × 10 s / 16 shards = 12,500 per shard per interval.
        assertThat(limit.budget(20_000, 16)).isEqualTo(12_500);
        // 5,000 × 10 / 16 = 3,125.
        assertThat(limit.budget(5_000, 16)).isEqualTo(3_125);
        // 40 × 10 / 4 = 100.
        assertThat(limit.budget(40, 4)).isEqualTo(100);
    }

    @Test
    void budget_tinyShare_isAtLeastOne() {
        assertThat(limit.budget(0.01, 16)).isEqualTo(1);
    }

    @Test
    void admits_untilTheIntervalIsFull() {
        assertThat(limit.admits(99, 40, 4)).isTrue();
        assertThat(limit.admits(100, 40, 4)).isFalse();
    }

    @Test
    void constructor_nonPositiveInterval_throws() {
        assertThatThrownBy(() -> new EventTimeRateLimit(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
