package io.strata.operators.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramDelta;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.series.StaleMarker;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramSeriesRollupTest {

    private static final long MINUTE = 60_000;
    private static final long SECOND = 1_000;
    // 2026-11-26T00:00:00Z, a minute boundary.
    private static final long T0 = 1_795_651_200_000L;
    private static final int MAX_BUCKETS = ExponentialHistogram.DEFAULT_MAX_BUCKETS;

    /** A cumulative histogram at scale 0: bucket i holds (2^i, 2^(i+1)], counts from bucket {@code offset}. */
    private static ExponentialHistogram cumulative(double sum, int offset, double... counts) {
        return ExponentialHistogram.builder().scale(0).sum(sum).positive(offset, counts).build();
    }

    private static HistogramSeriesRollup rollup() {
        return new HistogramSeriesRollup(MINUTE, MAX_BUCKETS);
    }

    @Test
    void add_firstSample_contributesNoStep() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 10 * SECOND, cumulative(40, 0, 5, 5, 5), ResetHint.UNKNOWN);

        HistogramWindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.samples()).isEqualTo(1);
        assertThat(w.count()).isZero();
        assertThat(w.sum()).isZero();
        assertThat(w.resets()).isZero();
        assertThat(w.positiveCounts()).isEmpty();
        assertThat(w.p50()).isNaN();
        assertThat(w.p99()).isNaN();
    }

    /**
     * Five cumulative samples over three windows, growing at different buckets; the three window
     * deltas merged must equal last − first ({@link HistogramDelta}), bucket by bucket.
     */
    @Test
    void closeUpTo_deltasAcrossWindows_addUpToLastMinusFirst() {
        List<ExponentialHistogram> samples = List.of(
                cumulative(10, 0, 1, 2, 0),
                cumulative(25, 0, 2, 4, 1),
                cumulative(60, -1, 1, 3, 6, 3),
                cumulative(61, -1, 1, 3, 7, 3),
                cumulative(200, -1, 2, 3, 9, 8, 0, 4));
        long[] timestamps = {T0 + 10 * SECOND, T0 + 50 * SECOND, T0 + 70 * SECOND, T0 + 130 * SECOND, T0 + 170 * SECOND};
        HistogramSeriesRollup rollup = rollup();
        for (int i = 0; i < samples.size(); i++) {
            assertThat(rollup.add(timestamps[i], samples.get(i), ResetHint.UNKNOWN)).isEqualTo(AddOutcome.ADDED);
        }

        List<HistogramWindowAggregate> windows = rollup.closeUpTo(T0 + 3 * MINUTE);

        assertThat(windows).extracting(HistogramWindowAggregate::windowStartEpochMillis)
                .containsExactly(T0, T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(windows).extracting(HistogramWindowAggregate::samples).containsExactly(2L, 1L, 2L);
        // Totals 3, 7, 13, 14, 26 and sums 10, 25, 60, 61, 200: the first window holds 7 − 3 and 25 − 10,
        // the second 13 − 7 and 60 − 25, the third (14 − 13) + (26 − 14) and 200 − 60.
        assertThat(windows).extracting(HistogramWindowAggregate::sum).containsExactly(15.0, 35.0, 140.0);
        assertThat(windows).extracting(HistogramWindowAggregate::count).containsExactly(4.0, 6.0, 13.0);
        ExponentialHistogram merged = ExponentialHistogram.create();
        windows.forEach(w -> merged.merge(histogramOf(w)));
        ExponentialHistogram expected = ExponentialHistogram.create();
        HistogramDelta.delta(samples.get(4), samples.get(0), ResetHint.UNKNOWN, expected);
        assertThat(merged.count()).isEqualTo(expected.count()).isEqualTo(26.0 - 3.0);
        assertThat(merged.sum()).isEqualTo(expected.sum()).isEqualTo(190.0);
        assertThat(merged.scale()).isEqualTo(expected.scale());
        assertThat(merged.positive().offset()).isEqualTo(expected.positive().offset());
        assertThat(merged.positive().toArray()).containsExactly(expected.positive().toArray());
        assertThat(windows).extracting(HistogramWindowAggregate::resets).containsOnly(0L);
    }

    /**
     * A reset mid-window: 10 observations become 3 (a process restart), so the step after the
     * drop is the new cumulative histogram itself, as a counter's step after a reset is its new value.
     */
    @Test
    void fromState_ofState_continuesAsTheOriginal() {
        HistogramSeriesRollup original = rollup();
        HistogramSeriesRollup restored = rollup();
        original.add(T0 + 10 * SECOND, cumulative(10, 0, 1, 2, 0), ResetHint.UNKNOWN);
        original.add(T0 + 50 * SECOND, cumulative(25, 0, 2, 4, 1), ResetHint.UNKNOWN);
        original.add(T0 + 70 * SECOND, cumulative(60, -1, 1, 3, 6, 3), ResetHint.UNKNOWN);
        restored.add(T0 + 10 * SECOND, cumulative(10, 0, 1, 2, 0), ResetHint.UNKNOWN);
        restored.add(T0 + 50 * SECOND, cumulative(25, 0, 2, 4, 1), ResetHint.UNKNOWN);
        restored.add(T0 + 70 * SECOND, cumulative(60, -1, 1, 3, 6, 3), ResetHint.UNKNOWN);

        restored = HistogramSeriesRollup.fromState(restored.state());
        original.add(T0 + 130 * SECOND, cumulative(61, -1, 1, 3, 7, 3), ResetHint.UNKNOWN);
        restored.add(T0 + 130 * SECOND, cumulative(61, -1, 1, 3, 7, 3), ResetHint.UNKNOWN);

        assertThat(restored.lastTimestampEpochMillis()).isEqualTo(original.lastTimestampEpochMillis());
        assertThat(restored.closeUpTo(T0 + 3 * MINUTE)).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(original.closeUpTo(T0 + 3 * MINUTE)).hasSize(3);
    }

    @Test
    void fromState_beforeTheFirstSample_hasNoPrevious() {
        HistogramSeriesRollup restored = HistogramSeriesRollup.fromState(rollup().state());

        assertThat(restored.state().previous()).isNull();
        assertThat(restored.state().open()).isEmpty();
    }

    @Test
    void add_counterResetMidWindow_stepIsTheNewHistogram() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 5 * SECOND, cumulative(12, 0, 2, 4), ResetHint.UNKNOWN);
        rollup.add(T0 + 15 * SECOND, cumulative(20, 0, 4, 6), ResetHint.UNKNOWN);
        rollup.add(T0 + 25 * SECOND, cumulative(4, 1, 0, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 35 * SECOND, cumulative(9, 0, 1, 1, 1), ResetHint.UNKNOWN);

        HistogramWindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        // Steps: (2, 2) before the reset, (0, 0, 1) the new histogram, then (1, 1, 0).
        assertThat(w.resets()).isEqualTo(1);
        assertThat(w.samples()).isEqualTo(4);
        assertThat(w.count()).isEqualTo(4 + 1 + 2);
        assertThat(w.sum()).isEqualTo(8 + 4 + 5);
        assertThat(w.positiveOffset()).isZero();
        assertThat(w.positiveCounts()).containsExactly(3, 3, 1);
    }

    @Test
    void add_resetHintYes_isAResetEvenIfCountsGrew() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 5 * SECOND, cumulative(3, 0, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 15 * SECOND, cumulative(9, 0, 2, 2), ResetHint.YES);

        HistogramWindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.resets()).isEqualTo(1);
        assertThat(w.count()).isEqualTo(4);
    }

    @Test
    void add_resetHintNoContradictedByData_countsAsReset() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 5 * SECOND, cumulative(30, 0, 5, 5), ResetHint.UNKNOWN);
        rollup.add(T0 + 15 * SECOND, cumulative(3, 0, 1, 1), ResetHint.NO);

        HistogramWindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.resets()).isEqualTo(1);
        assertThat(w.count()).isEqualTo(2);
    }

    /**
     * The delta is (1, 2]: 2 and (2, 4]: 2. Expected quantiles worked out by Prometheus 3.x
     * {@code HistogramQuantile} (promql/quantile.go): q ≥ 0.5 walks from the top with rank (1 − q)·4,
     * so every quantile lands in (2, 4] at fraction (2 − rank) / 2, interpolated log-linearly:
     * 2^(1 + fraction).
     */
    @Test
    void closeUpTo_knownDelta_quantilesInterpolateLogLinearly() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 10 * SECOND, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 20 * SECOND, cumulative(14, 0, 3, 3), ResetHint.UNKNOWN);

        HistogramWindowAggregate w = rollup.closeUpTo(T0 + MINUTE).get(0);

        assertThat(w.count()).isEqualTo(4);
        assertThat(w.sum()).isEqualTo(10);
        assertThat(w.p50()).isEqualTo(2.0); // rank 2: fraction 0
        assertThat(w.p90()).isCloseTo(Math.pow(2, 1.8), within(1e-12)); // rank 0.4: fraction 0.8
        assertThat(w.p95()).isCloseTo(Math.pow(2, 1.9), within(1e-12)); // rank 0.2: fraction 0.9
        assertThat(w.p99()).isCloseTo(Math.pow(2, 1.98), within(1e-12)); // rank 0.04: fraction 0.98
    }

    /** Prometheus' stale histogram: sum StaleNaN and nothing else; its zero count used to read as a reset. */
    @Test
    void add_staleMarker_isNeitherValueNorReset() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 10 * SECOND, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN);
        ExponentialHistogram stale = ExponentialHistogram.builder().scale(0).sum(StaleMarker.STALE_NAN).build();

        assertThat(rollup.add(T0 + 20 * SECOND, stale, ResetHint.UNKNOWN)).isEqualTo(AddOutcome.STALE_MARKER);
        rollup.add(T0 + 30 * SECOND, cumulative(10, 0, 2, 3), ResetHint.UNKNOWN);

        assertThat(rollup.closeUpTo(T0 + MINUTE)).singleElement().satisfies(w -> {
            assertThat(w.samples()).isEqualTo(2);
            assertThat(w.resets()).isZero();
            assertThat(w.count()).isEqualTo(3);
        });
        assertThatThrownBy(() -> HistogramDelta.isReset(stale, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("staleness marker");
    }

    @Test
    void add_sameOrOlderTimestamp_isIgnored() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 20 * SECOND, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN);

        assertThat(rollup.add(T0 + 20 * SECOND, cumulative(8, 0, 2, 2), ResetHint.UNKNOWN))
                .isEqualTo(AddOutcome.DUPLICATE_TIMESTAMP);
        assertThat(rollup.add(T0 + 10 * SECOND, cumulative(8, 0, 2, 2), ResetHint.UNKNOWN))
                .isEqualTo(AddOutcome.OUT_OF_ORDER);
        assertThat(rollup.closeUpTo(T0 + MINUTE)).singleElement()
                .satisfies(w -> assertThat(w.samples()).isEqualTo(1));
    }

    @Test
    void closeUpTo_watermarkBeforeWindowEnd_keepsWindowOpen() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 50 * SECOND, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 70 * SECOND, cumulative(8, 0, 2, 2), ResetHint.UNKNOWN);

        assertThat(rollup.closeUpTo(T0 + MINUTE - 1)).isEmpty();
        assertThat(rollup.closeUpTo(T0 + MINUTE)).hasSize(1);
        assertThat(rollup.earliestOpenWindowEnd()).isEqualTo(T0 + 2 * MINUTE);
        assertThat(rollup.closeUpTo(T0 + 2 * MINUTE)).singleElement()
                .satisfies(w -> assertThat(w.count()).isEqualTo(2));
        assertThat(rollup.hasOpenWindows()).isFalse();
    }

    @Test
    void add_cumulativeChangedByCallerAfterwards_doesNotChangeState() {
        HistogramSeriesRollup rollup = rollup();
        ExponentialHistogram reused = cumulative(4, 0, 1, 1);
        rollup.add(T0 + 10 * SECOND, reused, ResetHint.UNKNOWN);
        reused.record(100);
        rollup.add(T0 + 20 * SECOND, cumulative(8, 0, 2, 2), ResetHint.UNKNOWN);

        assertThat(rollup.closeUpTo(T0 + MINUTE).get(0).count()).isEqualTo(2);
    }

    @Test
    void copy_isDeepAndIndependent() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 10 * SECOND, cumulative(4, 0, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 20 * SECOND, cumulative(8, 0, 2, 2), ResetHint.UNKNOWN);

        HistogramSeriesRollup copy = rollup.copy();
        copy.add(T0 + 30 * SECOND, cumulative(20, 0, 4, 4), ResetHint.UNKNOWN);

        assertThat(rollup.closeUpTo(T0 + MINUTE).get(0).count()).isEqualTo(2);
        assertThat(copy.closeUpTo(T0 + MINUTE).get(0).count()).isEqualTo(6);
    }

    private static ExponentialHistogram histogramOf(HistogramWindowAggregate w) {
        return ExponentialHistogram.builder()
                .scale(w.scale())
                .zeroThreshold(w.zeroThreshold())
                .zeroCount(w.zeroCount())
                .count(w.count())
                .sum(w.sum())
                .positive(w.positiveOffset(), w.positiveCounts())
                .negative(w.negativeOffset(), w.negativeCounts())
                .build();
    }

    @Test
    void aggregatesUpTo_windowKeptUntilPurged_laterSampleCorrectsItsDelta() {
        HistogramSeriesRollup rollup = rollup();
        rollup.add(T0 + 10 * SECOND, cumulative(3, 0, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 20 * SECOND, cumulative(9, 0, 2, 2), ResetHint.UNKNOWN);

        assertThat(rollup.aggregatesUpTo(T0 + MINUTE)).extracting(HistogramWindowAggregate::count).containsExactly(2.0);
        rollup.add(T0 + 50 * SECOND, cumulative(20, 0, 3, 4), ResetHint.UNKNOWN);

        assertThat(rollup.aggregateAt(T0 + 50 * SECOND).count()).isEqualTo(5.0);
        rollup.purgeUpTo(T0 + MINUTE);
        assertThat(rollup.hasOpenWindows()).isFalse();
        assertThat(rollup.aggregateAt(T0 + 50 * SECOND)).isNull();
    }
}
