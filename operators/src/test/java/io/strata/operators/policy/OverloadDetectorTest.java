package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Threshold 10 s, sustain 30 s (the platform defaults). Each scenario observes one sample per
 * second of processing time {@code now = T0 + k s}; a lag function gives the sample's age at k.
 */
class OverloadDetectorTest {

    // 2026-11-26T00:00:00Z.
    private static final long T0 = 1_795_651_200_000L;
    private static final long SECOND = 1_000;
    private static final Duration THRESHOLD = Duration.ofSeconds(10);
    private static final Duration SUSTAIN = Duration.ofSeconds(30);

    private final OverloadDetector detector = new OverloadDetector(THRESHOLD, SUSTAIN);

    /** Observes seconds {@code from..to} (inclusive) and returns the result of the last observation. */
    private boolean observe(int from, int to, LongUnaryOperator lagMillisAtSecond) {
        boolean overloaded = false;
        for (int k = from; k <= to; k++) {
            long now = T0 + k * SECOND;
            overloaded = detector.observe(now - lagMillisAtSecond.applyAsLong(k), now);
        }
        return overloaded;
    }

    @Test
    void observe_lagAboveThresholdAndGrowingForSustain_isOverloaded() {
        // 20 s behind and falling one more second behind every second.
        LongUnaryOperator growing = k -> 20 * SECOND + k * SECOND;

        assertThat(observe(0, 29, growing)).isFalse();
        assertThat(observe(30, 30, growing)).isTrue();
        assertThat(detector.isOverloaded()).isTrue();
    }

    @Test
    void observe_steadyLagAboveThresholdForSustain_isOverloaded() {
        // A live stream held 20 s behind: not shrinking counts as overload.
        assertThat(observe(0, 30, k -> 20 * SECOND)).isTrue();
    }

    @Test
    void observe_lagAboveThresholdButShrinking_isNotOverloaded() {
        // A replay of a backlog catching up: a minute behind, gaining a second every second, and
        // still 15 s (above the threshold) behind at the end.
        LongUnaryOperator catchingUp = k -> 60 * SECOND - k * SECOND;

        for (int k = 0; k <= 45; k++) {
            assertThat(observe(k, k, catchingUp)).as("at %d s", k).isFalse();
        }
    }

    @Test
    void observe_lagBelowThresholdAndGrowing_isNotOverloaded() {
        // 1 s to 9 s behind: growing, but fresh enough.
        for (int k = 0; k <= 60; k++) {
            assertThat(observe(k, k, i -> SECOND + i * SECOND * 8 / 60)).as("at %d s", k).isFalse();
        }
    }

    @Test
    void observe_lagExactlyAtThreshold_isNotOverloaded() {
        assertThat(observe(0, 60, k -> THRESHOLD.toMillis())).isFalse();
    }

    @Test
    void observe_lagDipsBelowThresholdWithinInterval_isNotOverloaded() {
        // Growing from 20 s to 50 s, except one fresh sample in the middle of the interval.
        assertThat(observe(0, 30, k -> k == 15 ? SECOND : 20 * SECOND + k * SECOND)).isFalse();
    }

    @Test
    void observe_lagDropsAfterOverload_recoversWithinOneSustainInterval() {
        assertThat(observe(0, 30, k -> 20 * SECOND + k * SECOND)).isTrue();

        // The backlog is gone: samples are a second old again.
        boolean overloaded = observe(31, 60, k -> SECOND);

        assertThat(overloaded).isFalse();
        assertThat(detector.isOverloaded()).isFalse();
    }

    @Test
    void isOverloaded_beforeAnyObservation_isFalse() {
        assertThat(detector.isOverloaded()).isFalse();
    }
}
