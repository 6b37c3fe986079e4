package io.strata.pipeline.rollup;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.state.cache.StateCachingFunction;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The 1m rollup feeding the 5m cascade, both under harnesses, the 1m output pushed into the 5m
 * operator with its timestamp and watermark, as the graph does. T0 is a 5m (indeed 1h) boundary.
 */
class CascadeRollupFunctionTest {

    private static final long FIVE_MINUTES = 5 * MINUTE;
    private static final long LATENESS_1M = MINUTE;
    private static final long LATENESS_5M = 5 * MINUTE;

    private static final TestSeries TICKS = TestSeries.ofTenant("acme",
            "__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");
    private static final TestSeries TEMP = TestSeries.ofTenant("acme",
            "__name__", "cpu_temp_celsius", "instance", "gs-1:9100", "job", "gameserver");

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, Rollup> oneMinute;
    private KeyedOneInputStreamOperatorTestHarness<Long, Rollup, Rollup> fiveMinutes;
    private int forwarded;

    private void open(long lateness1m, long lateness5m) throws Exception {
        oneMinute = harness(new RollupFunction(MINUTE, "1m", lateness1m), new SeriesKey(), null);
        fiveMinutes = harness(new CascadeRollupFunction(FIVE_MINUTES, "5m", lateness5m), SeriesKey.ofRollups(), null);
    }

    /** The function on the heap backend; {@link CascadeRollupFunctionCachedTest} runs it as the job does on RocksDB. */
    <I, F extends KeyedProcessFunction<Long, I, Rollup> & StateCachingFunction> KeyedOneInputStreamOperatorTestHarness<Long, I, Rollup> harness(
            F function, KeySelector<I, Long> key, OperatorSubtaskState restored) throws Exception {
        return Harnesses.onHeap(function, key, restored);
    }

    /** Series holding 5m windows plus series holding an identity, once cached values are written back. */
    private long storedEntries() throws Exception {
        fiveMinutes.snapshot(0, 0);
        return Harnesses.storedKeys(fiveMinutes, "cascade-windows", "identity");
    }

    @AfterEach
    void close() throws Exception {
        oneMinute.close();
        fiveMinutes.close();
    }

    @Test
    void onTimer_counterOverFiveMinutes_increaseIsSumOfOneMinuteIncreases() throws Exception {
        open(0, 0);
        double[] values = {100, 110, 125, 5, 20, 40, 41, 60, 75, 90};
        for (int i = 0; i < values.length; i++) {
            push(TICKS.counter(T0 + 10 * SECOND + i * 30 * SECOND, values[i]));
        }
        watermark(T0 + FIVE_MINUTES - 1);

        List<Rollup> ones = oneMinuteResults();
        assertThat(ones).hasSize(5);
        assertThat(fiveMinuteResults()).singleElement().satisfies(r -> {
            WindowAggregate w = r.aggregate();
            assertThat(r.resolution()).isEqualTo("5m");
            assertThat(r.revision()).isZero();
            assertThat(w.windowStartEpochMillis()).isEqualTo(T0);
            assertThat(w.windowEndEpochMillis()).isEqualTo(T0 + FIVE_MINUTES);
            // 10 + 15 + reset 5 + 15 + 20 + 1 + 19 + 15 + 15 = 115, the sum of the 1m increases.
            assertThat(w.increase()).isEqualTo(115).isEqualTo(ones.stream().mapToDouble(o -> o.aggregate().increase()).sum());
            assertThat(w.firstRaw()).isEqualTo(100);
            assertThat(w.lastRaw()).isEqualTo(90);
            assertThat(w.resets()).isEqualTo(1);
            assertThat(w.count()).isEqualTo(10);
            assertThat(w.kind()).isEqualTo(MetricKind.COUNTER);
        });
    }

    @Test
    void onTimer_gauge_fiveMinuteMaxIsMaxOfOneMinuteMaxes() throws Exception {
        open(0, 0);
        double[] values = {50, 52, 49, 61, 53, 51, 58, 54, 47, 50};
        for (int i = 0; i < values.length; i++) {
            push(TEMP.gauge(T0 + 10 * SECOND + i * 30 * SECOND, values[i]));
        }
        watermark(T0 + FIVE_MINUTES - 1);

        assertThat(fiveMinuteResults()).singleElement().satisfies(r -> {
            assertThat(r.aggregate().max()).isEqualTo(61).isEqualTo(oneMinuteResults().stream().mapToDouble(o -> o.aggregate().max()).max().orElseThrow());
            assertThat(r.aggregate().min()).isEqualTo(47);
            assertThat(r.aggregate().sum()).isEqualTo(525);
            assertThat(r.aggregate().last()).isEqualTo(50);
        });
    }

    @Test
    void processElement_withinLateness_bothResolutionsReEmitCorrectedResults() throws Exception {
        open(LATENESS_1M, LATENESS_5M);
        push(TICKS.counter(T0 + 4 * MINUTE + 10 * SECOND, 100));
        push(TICKS.counter(T0 + 4 * MINUTE + 20 * SECOND, 110));
        // The watermark passes both windows' end (another partition ran ahead), then this series' next sample arrives.
        watermark(T0 + FIVE_MINUTES + 30 * SECOND);
        assertThat(oneMinuteResults()).extracting(Rollup::revision).containsExactly(0);
        assertThat(fiveMinuteResults()).extracting(r -> r.aggregate().increase()).containsExactly(10.0);

        push(TICKS.counter(T0 + 4 * MINUTE + 50 * SECOND, 130));

        assertThat(oneMinuteResults()).extracting(Rollup::revision).containsExactly(0, 1);
        assertThat(oneMinuteResults().get(1).aggregate().increase()).isEqualTo(30.0);
        // The correction replaces the first 1m result in the 5m window: 30, not 10 + 30.
        assertThat(fiveMinuteResults()).extracting(Rollup::revision).containsExactly(0, 1);
        assertThat(fiveMinuteResults().get(1).aggregate().increase()).isEqualTo(30.0);
        assertThat(fiveMinuteResults().get(1).aggregate().count()).isEqualTo(3);
    }

    @Test
    void onTimer_afterLateness_windowPurged_laterFinerResultsStartNewWindow() throws Exception {
        open(LATENESS_1M, LATENESS_5M);
        push(TEMP.gauge(T0 + 10 * SECOND, 1));
        watermark(T0 + FIVE_MINUTES - 1 + LATENESS_5M);
        push(TEMP.gauge(T0 + 2 * FIVE_MINUTES + 10 * SECOND, 2));
        watermark(T0 + 3 * FIVE_MINUTES - 1);

        assertThat(fiveMinuteResults()).extracting(r -> r.aggregate().windowStartEpochMillis(), Rollup::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 0), org.assertj.core.groups.Tuple.tuple(T0 + 2 * FIVE_MINUTES, 0));
        // Only the second window is kept, for its own allowed lateness, and the series' labels once.
        assertThat(storedEntries()).isEqualTo(2);
        fiveMinutes.processWatermark(T0 + 3 * FIVE_MINUTES - 1 + LATENESS_5M);
        assertThat(storedEntries()).isZero();
    }

    @Test
    void onTimer_histogram_mergesDeltas_countIncreaseAddsUp() throws Exception {
        open(0, 0);
        oneMinute.close();
        oneMinute = harness(new HistogramRollupFunction(MINUTE, "1m"), new SeriesKey(), null);
        TestSeries latency = TestSeries.ofTenant("acme", "__name__", "action_ack_latency_seconds", "instance", "gs-1:9100", "job", "gameserver");
        for (int i = 0; i < 10; i++) {
            // Schema 0, buckets (1, 2] and (2, 4]: +10 and +3 observations per 30 s.
            double[] counts = {10.0 * i, 3.0 * i};
            push(latency.histogram(T0 + 10 * SECOND + i * 30 * SECOND, new NativeHistogram(0, 0, 0, 13.0 * i, 25.0 * i,
                    new int[] {1}, new int[] {2}, counts, new int[0], new int[0], new double[0], 0, false)));
        }
        watermark(T0 + FIVE_MINUTES - 1);

        double oneMinuteIncrease = oneMinuteResults().stream().mapToDouble(r -> r.histogram().count()).sum();
        assertThat(fiveMinuteResults()).singleElement().satisfies(r -> {
            HistogramWindowAggregate h = r.histogram();
            assertThat(h.count()).isEqualTo(oneMinuteIncrease).isEqualTo(9 * 13.0);
            assertThat(h.samples()).isEqualTo(10);
            assertThat(h.p50()).isPositive();
            assertThat(r.aggregate().kind()).isEqualTo(MetricKind.HISTOGRAM);
        });
    }

    @Test
    void initializeState_afterSnapshot_correctionStillReplaces() throws Exception {
        open(LATENESS_1M, LATENESS_5M);
        push(TICKS.counter(T0 + 4 * MINUTE + 10 * SECOND, 100));
        push(TICKS.counter(T0 + 4 * MINUTE + 20 * SECOND, 110));
        watermark(T0 + FIVE_MINUTES + 30 * SECOND);
        OperatorSubtaskState snapshot = fiveMinutes.snapshot(0, 0);
        fiveMinutes.close();
        fiveMinutes = harness(new CascadeRollupFunction(FIVE_MINUTES, "5m", LATENESS_5M), SeriesKey.ofRollups(), snapshot);
        fiveMinutes.processWatermark(T0 + FIVE_MINUTES + 30 * SECOND);

        push(TICKS.counter(T0 + 4 * MINUTE + 50 * SECOND, 130));

        assertThat(fiveMinuteResults()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(1);
            assertThat(r.aggregate().increase()).isEqualTo(30.0);
        });
    }

    private void push(Sample sample) throws Exception {
        oneMinute.processElement(sample, sample.timestampEpochMillis());
        forward();
    }

    private void watermark(long watermark) throws Exception {
        oneMinute.processWatermark(watermark);
        forward();
        fiveMinutes.processWatermark(watermark);
    }

    /** Pushes the 1m results not yet forwarded into the 5m operator, with their timestamps. */
    private void forward() throws Exception {
        List<org.apache.flink.streaming.runtime.streamrecord.StreamRecord<? extends Rollup>> records = new ArrayList<>();
        for (Object o : oneMinute.getOutput()) {
            if (o instanceof org.apache.flink.streaming.runtime.streamrecord.StreamRecord<?> r) {
                @SuppressWarnings("unchecked")
                var rollup = (org.apache.flink.streaming.runtime.streamrecord.StreamRecord<? extends Rollup>) r;
                records.add(rollup);
            }
        }
        for (int i = forwarded; i < records.size(); i++) {
            var r = records.get(i);
            fiveMinutes.processElement(r.getValue(), r.getTimestamp());
        }
        forwarded = records.size();
    }

    private List<Rollup> oneMinuteResults() {
        return oneMinute.extractOutputValues();
    }

    private List<Rollup> fiveMinuteResults() {
        return fiveMinutes.extractOutputValues();
    }
}
