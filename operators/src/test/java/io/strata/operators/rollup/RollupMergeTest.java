package io.strata.operators.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.series.MetricKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Cascaded rollups must equal rollups computed from the raw samples: for random series (seeded),
 * 1m windows merged into 5m, and 5m merged into 1h, are compared with {@link SeriesRollup} and
 * {@link HistogramSeriesRollup} run directly at 5m and 1h over the same samples. Values are
 * integers, so sums and increases are exact in doubles and compared with {@code isEqualTo}.
 */
class RollupMergeTest {

    private static final long MINUTE = 60_000;
    private static final long FIVE_MINUTES = 5 * MINUTE;
    private static final long HOUR = 60 * MINUTE;
    // 2026-11-26T00:00:00Z, an hour boundary.
    private static final long T0 = 1_795_651_200_000L;
    private static final int MAX_BUCKETS = ExponentialHistogram.DEFAULT_MAX_BUCKETS;

    private static final long[] SEEDS = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MetricKind.class, names = {"GAUGE", "COUNTER"})
    void merge_oneMinuteIntoFiveMinutesIntoOneHour_equalsDirectRollup(MetricKind kind) {
        for (long seed : SEEDS) {
            List<long[]> timestamps = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            randomFloatSeries(new Random(seed), kind, timestamps, values);

            List<WindowAggregate> oneMinute = floatRollup(kind, MINUTE, timestamps, values);
            List<WindowAggregate> fiveMinutes = cascade(oneMinute, FIVE_MINUTES, RollupMerge::merge);
            List<WindowAggregate> oneHour = cascade(fiveMinutes, HOUR, RollupMerge::merge);

            assertThat(fiveMinutes).as("seed %d", seed).isEqualTo(floatRollup(kind, FIVE_MINUTES, timestamps, values));
            assertThat(oneHour).as("seed %d", seed).isEqualTo(floatRollup(kind, HOUR, timestamps, values));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13})
    void merge_histogramOneMinuteIntoFiveMinutesIntoOneHour_equalsDirectRollup(long seed) {
        List<Long> timestamps = new ArrayList<>();
        List<ExponentialHistogram> cumulative = new ArrayList<>();
        randomHistogramSeries(new Random(seed), timestamps, cumulative);

        List<HistogramWindowAggregate> oneMinute = histogramRollup(MINUTE, timestamps, cumulative);
        BinaryOperator<HistogramWindowAggregate> merge = (a, b) -> RollupMerge.merge(a, b, MAX_BUCKETS);
        List<HistogramWindowAggregate> fiveMinutes = cascade(oneMinute, FIVE_MINUTES, merge);
        List<HistogramWindowAggregate> oneHour = cascade(fiveMinutes, HOUR, merge);

        assertThat(fiveMinutes).isEqualTo(histogramRollup(FIVE_MINUTES, timestamps, cumulative));
        assertThat(oneHour).isEqualTo(histogramRollup(HOUR, timestamps, cumulative));
        double increase = oneMinute.stream().mapToDouble(HistogramWindowAggregate::count).sum();
        assertThat(oneHour.stream().mapToDouble(HistogramWindowAggregate::count).sum()).isEqualTo(increase);
    }

    @Test
    void merge_counter_increaseAddsUp_firstRawFromEarlier_lastRawFromLater() {
        // 1m: 100 → 110 → 125 (+25 counting the step from 100 in an earlier window); 1m: reset to 5 → 20 (+20).
        WindowAggregate first = new WindowAggregate(MetricKind.COUNTER, T0, T0 + MINUTE, 2, 235, 110, 125, 125, 25, 110, 125, 0);
        WindowAggregate second = new WindowAggregate(MetricKind.COUNTER, T0 + MINUTE, T0 + 2 * MINUTE, 2, 25, 5, 20, 20, 20, 5, 20, 1);

        WindowAggregate merged = RollupMerge.merge(first, second);

        assertThat(merged).isEqualTo(new WindowAggregate(MetricKind.COUNTER, T0, T0 + 2 * MINUTE, 4, 260, 5, 125, 20, 45, 110, 20, 1));
    }

    @Test
    void merge_gauge_maxIsMaxOfMaxes_minIsMinOfMins_lastFromLater() {
        WindowAggregate first = new WindowAggregate(MetricKind.GAUGE, T0, T0 + FIVE_MINUTES, 30, 300, 2, 19, 7, 0, 3, 7, 0);
        WindowAggregate second = new WindowAggregate(MetricKind.GAUGE, T0 + FIVE_MINUTES, T0 + 2 * FIVE_MINUTES, 30, 330, -4, 12, 11, 0, 9, 11, 0);

        WindowAggregate merged = RollupMerge.merge(first, second);

        assertThat(merged.max()).isEqualTo(19);
        assertThat(merged.min()).isEqualTo(-4);
        assertThat(merged.last()).isEqualTo(11);
        assertThat(merged.count()).isEqualTo(60);
        assertThat(merged.sum()).isEqualTo(630);
    }

    @Test
    void merge_gapBetweenWindows_isAllowed_windowSpansBoth() {
        WindowAggregate first = new WindowAggregate(MetricKind.GAUGE, T0, T0 + MINUTE, 1, 1, 1, 1, 1, 0, 1, 1, 0);
        WindowAggregate third = new WindowAggregate(MetricKind.GAUGE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, 1, 3, 3, 3, 3, 0, 3, 3, 0);

        assertThat(RollupMerge.merge(first, third).windowEndEpochMillis()).isEqualTo(T0 + 3 * MINUTE);
    }

    @Test
    void merge_overlappingOrReversed_throws() {
        WindowAggregate first = new WindowAggregate(MetricKind.GAUGE, T0, T0 + MINUTE, 1, 1, 1, 1, 1, 0, 1, 1, 0);
        WindowAggregate second = new WindowAggregate(MetricKind.GAUGE, T0 + MINUTE, T0 + 2 * MINUTE, 1, 3, 3, 3, 3, 0, 3, 3, 0);

        assertThatThrownBy(() -> RollupMerge.merge(second, first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consecutive and in order");
        assertThatThrownBy(() -> RollupMerge.merge(first, RollupMerge.rewindow(second, T0, T0 + 2 * MINUTE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merge_differentKinds_throws() {
        WindowAggregate gauge = new WindowAggregate(MetricKind.GAUGE, T0, T0 + MINUTE, 1, 1, 1, 1, 1, 0, 1, 1, 0);
        WindowAggregate counter = new WindowAggregate(MetricKind.COUNTER, T0 + MINUTE, T0 + 2 * MINUTE, 1, 1, 1, 1, 1, 0, 1, 1, 0);

        assertThatThrownBy(() -> RollupMerge.merge(gauge, counter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GAUGE").hasMessageContaining("COUNTER");
    }

    @Test
    void merge_histogramWithEmptyFirstWindow_isNeutral_quantilesFromMergedDelta() {
        HistogramSeriesRollup rollup = new HistogramSeriesRollup(MINUTE, MAX_BUCKETS);
        // Scale 0: bucket i holds (2^i, 2^(i+1)]. First sample only (empty delta), then +4 in bucket 1 and +4 in bucket 3.
        rollup.add(T0 + 10_000, ExponentialHistogram.builder().scale(0).sum(3).positive(1, 1).build(), ResetHint.UNKNOWN);
        rollup.add(T0 + MINUTE + 10_000, ExponentialHistogram.builder().scale(0).sum(15).positive(1, 5).build(), ResetHint.UNKNOWN);
        rollup.add(T0 + 2 * MINUTE + 10_000, ExponentialHistogram.builder().scale(0).sum(63).positive(1, 5, 0, 4).build(), ResetHint.UNKNOWN);
        List<HistogramWindowAggregate> windows = rollup.closeUpTo(T0 + 3 * MINUTE);

        HistogramWindowAggregate merged = RollupMerge.merge(RollupMerge.merge(windows.get(0), windows.get(1), MAX_BUCKETS),
                windows.get(2), MAX_BUCKETS);

        assertThat(merged.samples()).isEqualTo(3);
        assertThat(merged.count()).isEqualTo(8);
        assertThat(merged.sum()).isEqualTo(60);
        assertThat(merged.positiveOffset()).isEqualTo(1);
        assertThat(merged.positiveCounts()).containsExactly(4, 0, 4);
        // Half the observations in (2, 4], half in (8, 16]: p50 on the boundary between them, p99 inside (8, 16];
        // both as HistogramQuantile computes them on the merged delta.
        ExponentialHistogram delta = RollupMerge.delta(merged, MAX_BUCKETS);
        assertThat(merged.p50()).isBetween(4.0, 8.0).isEqualTo(HistogramQuantile.quantile(delta, 0.5));
        assertThat(merged.p99()).isBetween(8.0, 16.0).isEqualTo(HistogramQuantile.quantile(delta, 0.99));
    }

    /** Groups consecutive finer rollups by the coarser window holding them and merges each group. */
    private static <A> List<A> cascade(List<A> finer, long coarseMillis, BinaryOperator<A> merge) {
        List<A> coarse = new ArrayList<>();
        A current = null;
        long currentStart = Long.MIN_VALUE;
        for (A child : finer) {
            long start = SeriesRollup.windowStart(startOf(child), coarseMillis);
            if (current != null && start == currentStart) {
                current = merge.apply(current, child);
            } else {
                if (current != null) {
                    coarse.add(rewindow(current, currentStart, currentStart + coarseMillis));
                }
                current = child;
                currentStart = start;
            }
        }
        if (current != null) {
            coarse.add(rewindow(current, currentStart, currentStart + coarseMillis));
        }
        return coarse;
    }

    private static long startOf(Object a) {
        return a instanceof WindowAggregate w ? w.windowStartEpochMillis() : ((HistogramWindowAggregate) a).windowStartEpochMillis();
    }

    @SuppressWarnings("unchecked")
    private static <A> A rewindow(A a, long start, long end) {
        return a instanceof WindowAggregate w
                ? (A) RollupMerge.rewindow(w, start, end)
                : (A) RollupMerge.rewindow((HistogramWindowAggregate) a, start, end);
    }

    /** Two to three hours of samples every 1–40 s with gaps of up to 15 minutes; counters reset now and then. */
    private static void randomFloatSeries(Random random, MetricKind kind, List<long[]> timestamps, List<Double> values) {
        long ts = T0 + random.nextInt(600_000);
        long end = T0 + 2 * HOUR + random.nextInt((int) HOUR);
        double counter = random.nextInt(1000);
        while (ts < end) {
            double value;
            if (kind == MetricKind.COUNTER) {
                counter = random.nextInt(50) == 0 ? random.nextInt(10) : counter + random.nextInt(100);
                value = counter;
            } else {
                value = random.nextInt(2001) - 1000;
            }
            timestamps.add(new long[] {ts});
            values.add(value);
            ts += random.nextInt(100) == 0 ? 60_000 + random.nextInt(15 * 60_000) : 1_000 + random.nextInt(40_000);
        }
    }

    private static List<WindowAggregate> floatRollup(MetricKind kind, long windowMillis, List<long[]> timestamps, List<Double> values) {
        SeriesRollup rollup = new SeriesRollup(windowMillis, kind);
        for (int i = 0; i < timestamps.size(); i++) {
            assertThat(rollup.add(timestamps.get(i)[0], values.get(i))).isEqualTo(SeriesRollup.AddOutcome.ADDED);
        }
        return rollup.closeUpTo(Long.MAX_VALUE);
    }

    /** Cumulative histograms at scale 2 growing in random buckets, with occasional resets. */
    private static void randomHistogramSeries(Random random, List<Long> timestamps, List<ExponentialHistogram> cumulative) {
        ExponentialHistogram current = ExponentialHistogram.builder().scale(2).build();
        long ts = T0 + random.nextInt(600_000);
        long end = T0 + 2 * HOUR + random.nextInt((int) HOUR);
        while (ts < end) {
            if (random.nextInt(60) == 0) {
                current = ExponentialHistogram.builder().scale(2).build();
            }
            int observations = random.nextInt(20);
            for (int i = 0; i < observations; i++) {
                // Integer values 1..64: sums stay exact.
                current.record(1 + random.nextInt(64));
            }
            timestamps.add(ts);
            cumulative.add(current.copy());
            ts += random.nextInt(100) == 0 ? 60_000 + random.nextInt(15 * 60_000) : 5_000 + random.nextInt(40_000);
        }
    }

    private static List<HistogramWindowAggregate> histogramRollup(long windowMillis, List<Long> timestamps, List<ExponentialHistogram> cumulative) {
        HistogramSeriesRollup rollup = new HistogramSeriesRollup(windowMillis, MAX_BUCKETS);
        for (int i = 0; i < timestamps.size(); i++) {
            rollup.add(timestamps.get(i), cumulative.get(i), ResetHint.UNKNOWN);
        }
        return rollup.closeUpTo(Long.MAX_VALUE);
    }
}
