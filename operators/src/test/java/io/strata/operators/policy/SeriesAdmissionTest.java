package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.SeriesAdmission.Decision;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesAdmissionTest {

    // 2026-11-26T00:00:00Z.
    private static final long T0 = 1_795_651_200_000L;
    private static final int CAP = 3;
    /** 16 minutes, so that the touch interval (TTL / 16) is exactly one minute. */
    private static final Duration TTL = Duration.ofMinutes(16);
    private static final long TOUCH = 60_000;

    private final SeriesAdmission admission = new SeriesAdmission(CAP, TTL);

    @Test
    void decide_knownSeenWithinTouchInterval_admitsWithoutWrite() {
        assertThat(admission.decide(true, T0, CAP, T0 + TOUCH - 1)).isEqualTo(Decision.ADMIT);
    }

    @Test
    void decide_knownSeenOneTouchIntervalAgo_admitsAndTouches() {
        assertThat(admission.decide(true, T0, CAP, T0 + TOUCH)).isEqualTo(Decision.ADMIT_AND_TOUCH);
    }

    @Test
    void decide_knownAndKeyFull_stillAdmits() {
        // A series once admitted keeps flowing, whatever the active count.
        assertThat(admission.decide(true, T0, CAP + 10, T0 + 1)).isEqualTo(Decision.ADMIT);
    }

    @Test
    void decide_knownSampleOlderThanLastSeen_admitsWithoutWrite() {
        assertThat(admission.decide(true, T0, CAP, T0 - TOUCH * 2)).isEqualTo(Decision.ADMIT);
    }

    @Test
    void decide_newUnderCap_admitsNew() {
        assertThat(admission.decide(false, 0, CAP - 1, T0)).isEqualTo(Decision.ADMIT_NEW);
    }

    @Test
    void decide_newAtCap_rejects() {
        assertThat(admission.decide(false, 0, CAP, T0)).isEqualTo(Decision.REJECT);
    }

    @Test
    void decide_zeroCap_rejectsEveryNewSeries() {
        assertThat(new SeriesAdmission(0, TTL).decide(false, 0, 0, T0)).isEqualTo(Decision.REJECT);
    }

    @Test
    void admits_everyDecisionButReject_isTrue() {
        assertThat(Decision.ADMIT.admits()).isTrue();
        assertThat(Decision.ADMIT_AND_TOUCH.admits()).isTrue();
        assertThat(Decision.ADMIT_NEW.admits()).isTrue();
        assertThat(Decision.REJECT.admits()).isFalse();
    }

    /** TTL / 16, in milliseconds, rounded down and at least 1. */
    @ParameterizedTest(name = "ttl {0} ms -> touch every {1} ms")
    @CsvSource({
        "960000, 60000",  // 16 min
        "900000, 56250",  // 15 min, the platform default
        "60000, 3750",    // 1 min
        "17, 1",
        "15, 1",          // 15 / 16 rounds to 0, held at 1
        "1, 1"})
    void touchIntervalMillis_ttl_isOneSixteenth(long ttlMillis, long expected) {
        assertThat(new SeriesAdmission(CAP, Duration.ofMillis(ttlMillis)).touchIntervalMillis()).isEqualTo(expected);
    }

    @Test
    void accessors_constructorArguments_areKept() {
        assertThat(admission.cap()).isEqualTo(CAP);
        assertThat(admission.ttlMillis()).isEqualTo(TTL.toMillis());
    }

    @Test
    void isExpired_exactlyTtlAgo_isNotExpired() {
        assertThat(admission.isExpired(T0, T0 + TTL.toMillis())).isFalse();
    }

    @Test
    void isExpired_moreThanTtlAgo_isExpired() {
        assertThat(admission.isExpired(T0, T0 + TTL.toMillis() + 1)).isTrue();
    }

    /** T0 is a whole minute, i.e. a multiple of the touch interval. */
    @ParameterizedTest(name = "last seen T0 + {0} ms -> expiry T0 + {1} ms")
    @CsvSource({"0, 1020000", "1, 1020000", "59999, 1020000", "60000, 1080000"})
    void expiryEpochMillis_firstTouchMultipleAtWhichTheSeriesIsExpired(long lastSeen, long expiry) {
        assertThat(admission.expiryEpochMillis(T0 + lastSeen)).isEqualTo(T0 + expiry);
        assertThat(admission.isExpired(T0 + lastSeen, T0 + expiry)).isTrue();
        assertThat(admission.isExpired(T0 + lastSeen, T0 + expiry - TOUCH)).isFalse();
    }

    @Test
    void expiryEpochMillis_nearTheEndOfTime_saturates() {
        assertThat(admission.expiryEpochMillis(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void storesLastSeen_onlyNewAndTouch() {
        assertThat(Decision.values()).filteredOn(Decision::storesLastSeen).containsExactlyInAnyOrder(Decision.ADMIT_NEW, Decision.ADMIT_AND_TOUCH);
    }

    @Test
    void isExpired_lastSeenAfterClock_isNotExpired() {
        assertThat(admission.isExpired(T0 + 1, T0)).isFalse();
    }

    @Test
    void shouldSweep_lessThanTouchIntervalSinceLastSweep_isFalse() {
        assertThat(admission.shouldSweep(T0, T0 + TOUCH - 1)).isFalse();
    }

    @Test
    void shouldSweep_oneTouchIntervalSinceLastSweep_isTrue() {
        assertThat(admission.shouldSweep(T0, T0 + TOUCH)).isTrue();
    }

    /**
     * A key that was never swept stores {@code Long.MIN_VALUE} as its last sweep
     * ({@code AdmissionCounters.EMPTY}); {@code clock - Long.MIN_VALUE} overflows to a negative
     * number for any clock after 1970, so a full key never sweeps and expired series never free
     * its budget.
     */
    @Test
    void shouldSweep_neverSwept_isTrue() {
        assertThat(admission.shouldSweep(Long.MIN_VALUE, T0)).isTrue();
    }

    @Test
    void constructor_negativeCap_isRejected() {
        assertThatThrownBy(() -> new SeriesAdmission(-1, TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cap");
    }

    @Test
    void constructor_zeroTtl_isRejected() {
        assertThatThrownBy(() -> new SeriesAdmission(CAP, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }

    @Test
    void constructor_negativeTtl_isRejected() {
        assertThatThrownBy(() -> new SeriesAdmission(CAP, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl");
    }
}
