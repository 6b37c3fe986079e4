package io.strata.operators.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.StaleMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesRollupTest {

    private static final long MINUTE = 60_000;
    // 2026-11-26T00:00:00Z, a minute boundary.
    private static final long T0 = 1_795_651_200_000L;

    @Test
    void add_gauge_windowHoldsMinMaxSumCountLast() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.GAUGE);
        rollup.add(T0 + 10_000, 3.0);
        rollup.add(T0 + 20_000, -1.5);
        rollup.add(T0 + 30_000, 7.0);
        rollup.add(T0 + 40_000, 2.0);

        List<WindowAggregate> closed = rollup.closeUpTo(T0 + MINUTE);

        assertThat(closed).singleElement().satisfies(w -> {
            assertThat(w.windowStartEpochMillis()).isEqualTo(T0);
            assertThat(w.windowEndEpochMillis()).isEqualTo(T0 + MINUTE);
            assertThat(w.count()).isEqualTo(4);
            assertThat(w.min()).isEqualTo(-1.5);
            assertThat(w.max()).isEqualTo(7.0);
            assertThat(w.sum()).isEqualTo(10.5);
            assertThat(w.last()).isEqualTo(2.0);
        });
        assertThat(rollup.hasOpenWindows()).isFalse();
    }

    @Test
    void add_counter_firstSampleContributesNoStep() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 5_000, 100);
        rollup.add(T0 + 15_000, 110);
        rollup.add(T0 + 25_000, 125);

        WindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.increase()).isEqualTo(25.0);
        assertThat(w.firstRaw()).isEqualTo(100);
        assertThat(w.lastRaw()).isEqualTo(125);
        assertThat(w.resets()).isZero();
    }

    @Test
    void add_counterAcrossWindows_stepFromEarlierWindowCountsInLaterWindow() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 50_000, 10);
        rollup.add(T0 + MINUTE + 10_000, 16);
        rollup.add(T0 + MINUTE + 20_000, 20);

        List<WindowAggregate> closed = rollup.closeUpTo(T0 + 2 * MINUTE);

        assertThat(closed).extracting(WindowAggregate::increase).containsExactly(0.0, 10.0);
    }

    @Test
    void add_counterReset_stepIsNewValueAndResetCounted() {
        // 10 -> 30 (+20), reset to 5 (+5), 5 -> 9 (+4): increase 29, as PromQL's increase() without extrapolation.
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 1_000, 10);
        rollup.add(T0 + 11_000, 30);
        rollup.add(T0 + 21_000, 5);
        rollup.add(T0 + 31_000, 9);

        WindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.increase()).isEqualTo(29.0);
        assertThat(w.resets()).isEqualTo(1);
    }

    @Test
    void closeUpTo_consecutiveWindowIncreases_addUpToTotalIncrease() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        double value = 0;
        double expected = 0;
        for (int i = 0; i < 60; i++) {
            double previous = value;
            value = (i % 17 == 16) ? 3 : value + (i % 5);
            if (i > 0) {
                expected += value >= previous ? value - previous : value;
            }
            rollup.add(T0 + i * 10_000L, value);
        }

        double total = rollup.closeUpTo(T0 + 10 * MINUTE).stream().mapToDouble(WindowAggregate::increase).sum();

        assertThat(total).isEqualTo(expected);
    }

    @Test
    void add_staleMarker_isNeitherValueNorReset() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 10_000, 5);
        assertThat(rollup.add(T0 + 20_000, StaleMarker.STALE_NAN)).isEqualTo(AddOutcome.STALE_MARKER);
        rollup.add(T0 + 30_000, 7);

        WindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);
        assertThat(w.count()).isEqualTo(2);
        assertThat(w.increase()).isEqualTo(2);
        assertThat(w.resets()).isZero();
    }

    @Test
    void isStaleMarker_otherNaN_isNotAMarker() {
        assertThat(StaleMarker.isStaleMarker(Double.longBitsToDouble(0x7ff0000000000002L))).isTrue();
        assertThat(StaleMarker.isStaleMarker(Double.NaN)).isFalse();
        assertThat(StaleMarker.isStaleMarker(0)).isFalse();
    }

    @Test
    void add_sameOrOlderTimestamp_isIgnoredWithOutcome() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.GAUGE);
        assertThat(rollup.add(T0 + 10_000, 1)).isEqualTo(AddOutcome.ADDED);
        assertThat(rollup.add(T0 + 10_000, 2)).isEqualTo(AddOutcome.DUPLICATE_TIMESTAMP);
        assertThat(rollup.add(T0 + 5_000, 3)).isEqualTo(AddOutcome.OUT_OF_ORDER);

        assertThat(rollup.closeUpTo(T0 + MINUTE).get(0).count()).isEqualTo(1);
    }

    @Test
    void closeUpTo_watermarkBeforeWindowEnd_keepsWindowOpen() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.GAUGE);
        rollup.add(T0 + 50_000, 1);
        rollup.add(T0 + MINUTE + 5_000, 2);

        assertThat(rollup.closeUpTo(T0 + MINUTE - 1)).isEmpty();
        assertThat(rollup.earliestOpenWindowEnd()).isEqualTo(T0 + MINUTE);
        assertThat(rollup.closeUpTo(T0 + MINUTE)).hasSize(1);
        assertThat(rollup.earliestOpenWindowEnd()).isEqualTo(T0 + 2 * MINUTE);
    }

    @Test
    void windowStart_negativeTimestamp_floorsTowardsMinusInfinity() {
        assertThat(SeriesRollup.windowStart(-1, MINUTE)).isEqualTo(-MINUTE);
        assertThat(SeriesRollup.windowStart(T0 + 59_999, MINUTE)).isEqualTo(T0);
    }

    @Test
    void state_fromState_roundTripsOpenWindowsAndCursor() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 50_000, 10);
        rollup.add(T0 + MINUTE + 5_000, 4);

        SeriesRollup restored = SeriesRollup.fromState(rollup.state());

        assertThat(restored).isEqualTo(rollup).isEqualTo(rollup.copy());
        // The restored cursor still knows the last raw value: 4 -> 6 is a step of 2.
        restored.add(T0 + MINUTE + 15_000, 6);
        assertThat(restored.closeUpTo(T0 + 2 * MINUTE)).extracting(WindowAggregate::increase).containsExactly(0.0, 6.0);
    }

    @Test
    void constructor_histogramKind_throws() {
        assertThatThrownBy(() -> new SeriesRollup(MINUTE, MetricKind.HISTOGRAM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aggregatesUpTo_keepsWindowsOpen_untilPurged_soALateSampleCorrectsThem() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 10_000, 100);
        rollup.add(T0 + 20_000, 110);

        assertThat(rollup.aggregatesUpTo(T0 + MINUTE)).extracting(WindowAggregate::increase).containsExactly(10.0);
        rollup.add(T0 + 50_000, 130);

        assertThat(rollup.aggregateAt(T0 + 50_000).increase()).isEqualTo(30.0);
        assertThat(rollup.aggregatesUpTo(T0 + MINUTE)).extracting(WindowAggregate::count).containsExactly(3L);
        rollup.purgeUpTo(T0 + MINUTE);
        assertThat(rollup.hasOpenWindows()).isFalse();
        assertThat(rollup.aggregateAt(T0 + 50_000)).isNull();
        // The counter's last value survives the purge: the next window's increase starts from 130.
        rollup.add(T0 + MINUTE + 5_000, 135);
        assertThat(rollup.closeUpTo(T0 + 2 * MINUTE)).extracting(WindowAggregate::increase).containsExactly(5.0);
    }

    @Test
    void purgeUpTo_removesOnlyWindowsEndingByThen() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.GAUGE);
        rollup.add(T0 + 10_000, 1);
        rollup.add(T0 + MINUTE + 10_000, 2);

        rollup.purgeUpTo(T0 + MINUTE);

        assertThat(rollup.earliestOpenWindowEnd()).isEqualTo(T0 + 2 * MINUTE);
        assertThat(rollup.aggregatesUpTo(T0 + MINUTE)).isEmpty();
    }
}
