package io.strata.pipeline.rollup;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Windows are [T0, T0 + 1m) and [T0 + 1m, T0 + 2m); a window's timer fires at its last millisecond. */
class RollupFunctionTest {

    private static final String RESOLUTION = "1m";
    private static final long END_OF_FIRST_WINDOW = T0 + MINUTE - 1;
    private static final long END_OF_SECOND_WINDOW = T0 + 2 * MINUTE - 1;

    private static final TestSeries QUEUE = TestSeries.ofTenant("acme",
            "__name__", "matchmaking_queue_depth", "job", "gameserver", "queue", "ranked");
    private static final TestSeries TICKS = TestSeries.ofTenant("acme",
            "__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, Rollup> harness;

    @BeforeEach
    void open() throws Exception {
        harness = Harnesses.onHeap(new RollupFunction(MINUTE, RESOLUTION), new SeriesKey(), null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void twoTenants_sameLabels_keepApartRollups() throws Exception {
        TestSeries other = TestSeries.ofTenant("globex", pairs(QUEUE));
        push(QUEUE.gauge(T0 + 10 * SECOND, 3.0));
        push(other.gauge(T0 + 10 * SECOND, 100.0));
        push(QUEUE.gauge(T0 + 20 * SECOND, 5.0));
        push(other.gauge(T0 + 15 * SECOND, 200.0));

        harness.processWatermark(END_OF_FIRST_WINDOW);
        assertThat(rollups()).hasSize(2).allSatisfy(r -> {
            assertThat(r.seriesId()).isEqualTo(QUEUE.id());
            assertThat(r.aggregate().count()).isEqualTo(2);
            assertThat(r.aggregate().sum()).isEqualTo(r.tenant().equals("acme") ? 8.0 : 300.0);
        }).extracting(Rollup::tenant).containsExactlyInAnyOrder("acme", "globex");
    }

    private static String[] pairs(TestSeries series) {
        String[] pairs = new String[2 * series.names().length];
        for (int i = 0; i < series.names().length; i++) {
            pairs[2 * i] = series.names()[i];
            pairs[2 * i + 1] = series.values()[i];
        }
        return pairs;
    }

    @Test
    void onTimer_gaugeWindow_firesOnlyOnceWatermarkPassesWindowEnd() throws Exception {
        push(QUEUE.gauge(T0 + 10 * SECOND, 3.0));
        push(QUEUE.gauge(T0 + 20 * SECOND, -1.5));
        push(QUEUE.gauge(T0 + 50 * SECOND, 7.0));
        push(QUEUE.gauge(T0 + 55 * SECOND, 2.0));

        harness.processWatermark(END_OF_FIRST_WINDOW - 1);
        assertThat(rollups()).isEmpty();

        harness.processWatermark(END_OF_FIRST_WINDOW);
        assertThat(rollups()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.seriesId()).isEqualTo(QUEUE.id());
            assertThat(r.labelNames()).containsExactly(QUEUE.names());
            assertThat(r.labelValues()).containsExactly(QUEUE.values());
            assertThat(r.resolution()).isEqualTo(RESOLUTION);
            WindowAggregate w = r.aggregate();
            assertThat(w.kind()).isEqualTo(MetricKind.GAUGE);
            assertThat(w.windowStartEpochMillis()).isEqualTo(T0);
            assertThat(w.windowEndEpochMillis()).isEqualTo(T0 + MINUTE);
            assertThat(w.count()).isEqualTo(4);
            assertThat(w.min()).isEqualTo(-1.5);
            assertThat(w.max()).isEqualTo(7.0);
            assertThat(w.sum()).isEqualTo(10.5);
            assertThat(w.last()).isEqualTo(2.0);
        });
    }

    @Test
    void onTimer_counterOverTwoWindows_secondIncreaseIncludesStepFromFirstWindow() throws Exception {
        push(TICKS.counter(T0 + 10 * SECOND, 100));
        push(TICKS.counter(T0 + 40 * SECOND, 110));
        push(TICKS.counter(T0 + 70 * SECOND, 125));
        push(TICKS.counter(T0 + 100 * SECOND, 130));

        harness.processWatermark(END_OF_FIRST_WINDOW);
        assertThat(rollups()).extracting(r -> r.aggregate().increase()).containsExactly(10.0);

        harness.processWatermark(END_OF_SECOND_WINDOW);
        List<WindowAggregate> windows = rollups().stream().map(Rollup::aggregate).toList();
        assertThat(windows).hasSize(2);
        // 125 - 110 (the step across the boundary) + 130 - 125.
        assertThat(windows.get(1).increase()).isEqualTo(20.0);
        assertThat(windows.get(1).firstRaw()).isEqualTo(125.0);
        assertThat(windows.get(1).lastRaw()).isEqualTo(130.0);
        assertThat(windows.get(1).windowStartEpochMillis()).isEqualTo(T0 + MINUTE);
        assertThat(windows.get(1).kind()).isEqualTo(MetricKind.COUNTER);
    }

    @Test
    void processElement_windowAlreadyFired_goesToLateOutput() throws Exception {
        push(QUEUE.gauge(T0 + 10 * SECOND, 3.0));
        harness.processWatermark(END_OF_FIRST_WINDOW);

        Sample late = QUEUE.gauge(T0 + 30 * SECOND, 9.0);
        push(late);
        harness.processWatermark(END_OF_SECOND_WINDOW);

        assertThat(harness.getSideOutput(OutputTags.LATE)).extracting(StreamRecord::getValue)
                .containsExactly(new LateSample(late, RESOLUTION, END_OF_FIRST_WINDOW));
        assertThat(rollups()).singleElement().satisfies(r -> assertThat(r.aggregate().count()).isEqualTo(1));
    }

    @Test
    void processElement_windowNotYetFired_isNotLate() throws Exception {
        harness.processWatermark(END_OF_FIRST_WINDOW - 1);

        push(QUEUE.gauge(END_OF_FIRST_WINDOW, 5.0));
        harness.processWatermark(END_OF_FIRST_WINDOW);

        assertThat(harness.getSideOutput(OutputTags.LATE)).isNull();
        assertThat(rollups()).extracting(r -> r.aggregate().last()).containsExactly(5.0);
    }

    @Test
    void initializeState_afterSnapshot_counterStepUsesRestoredLastValue() throws Exception {
        push(TICKS.counter(T0 + 10 * SECOND, 100));
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = Harnesses.onHeap(new RollupFunction(MINUTE, RESOLUTION), new SeriesKey(), snapshot);
        push(TICKS.counter(T0 + 70 * SECOND, 130));
        harness.processWatermark(END_OF_SECOND_WINDOW);

        List<Rollup> rollups = rollups();
        assertThat(rollups).hasSize(2);
        assertThat(rollups.get(0).aggregate().windowStartEpochMillis()).isEqualTo(T0);
        assertThat(rollups.get(0).aggregate().lastRaw()).isEqualTo(100.0);
        assertThat(rollups.get(1).aggregate().increase()).isEqualTo(30.0);
        assertThat(rollups.get(1).labelNames()).containsExactly(TICKS.names());
        assertThat(rollups.get(1).tenant()).isEqualTo("acme");
    }

    @Test
    void cachedOnRocksDb_snapshotAndRestore_keepWindowsAndCounterStep() throws Exception {
        harness.close();
        harness = rocksDbHarness(null);
        push(TICKS.counter(T0 + 10 * SECOND, 100));
        push(TICKS.counter(T0 + 20 * SECOND, 110));
        // The first window is open and only in the cache: the snapshot must hold it.
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = rocksDbHarness(snapshot);
        push(TICKS.counter(T0 + 70 * SECOND, 130));
        harness.processWatermark(END_OF_SECOND_WINDOW);

        assertThat(rollups()).extracting(r -> r.aggregate().windowStartEpochMillis(), r -> r.aggregate().increase())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 10.0), org.assertj.core.groups.Tuple.tuple(T0 + MINUTE, 20.0));
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, Sample, Rollup> rocksDbHarness(OperatorSubtaskState restored)
            throws Exception {
        return Harnesses.cachedOnRocksDb(new RollupFunction(MINUTE, RESOLUTION), new SeriesKey(), 16, restored);
    }

    @Test
    void processElement_withinAllowedLateness_reEmitsCorrectedResultAsNextRevision() throws Exception {
        reopen(MINUTE);
        push(QUEUE.gauge(T0 + 10 * SECOND, 3.0));
        harness.processWatermark(END_OF_FIRST_WINDOW + 30 * SECOND);

        push(QUEUE.gauge(T0 + 40 * SECOND, 9.0));

        assertThat(harness.getSideOutput(OutputTags.LATE)).isNull();
        assertThat(rollups()).extracting(Rollup::revision, r -> r.aggregate().count(), r -> r.aggregate().max())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1L, 3.0), org.assertj.core.groups.Tuple.tuple(1, 2L, 9.0));
    }

    @Test
    void processElement_unseenWindowWithinAllowedLateness_emitsFirstResultAtOnce() throws Exception {
        reopen(MINUTE);
        harness.processWatermark(END_OF_SECOND_WINDOW);

        push(QUEUE.gauge(T0 + MINUTE + 10 * SECOND, 4.0));

        assertThat(rollups()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isZero();
            assertThat(r.aggregate().windowStartEpochMillis()).isEqualTo(T0 + MINUTE);
        });
    }

    @Test
    void processElement_beyondAllowedLateness_goesToLateOutput() throws Exception {
        reopen(MINUTE);
        push(QUEUE.gauge(T0 + 10 * SECOND, 3.0));
        harness.processWatermark(END_OF_FIRST_WINDOW + MINUTE);

        Sample late = QUEUE.gauge(T0 + 40 * SECOND, 9.0);
        push(late);

        assertThat(harness.getSideOutput(OutputTags.LATE)).extracting(StreamRecord::getValue)
                .containsExactly(new LateSample(late, RESOLUTION, END_OF_FIRST_WINDOW + MINUTE));
        assertThat(rollups()).extracting(Rollup::revision).containsExactly(0);
    }

    @Test
    void onTimer_afterLateness_forgetsEmissionsOfPurgedWindowsOnly() throws Exception {
        reopen(30 * SECOND);
        push(QUEUE.gauge(T0 + 10 * SECOND, 1));
        push(QUEUE.gauge(T0 + MINUTE + 10 * SECOND, 2));
        harness.processWatermark(T0 + 2 * MINUTE - 1);
        assertThat(rollups()).hasSize(2);
        // A correction within the second window's lateness is still revision 1: its emission is remembered.
        push(QUEUE.gauge(T0 + MINUTE + 20 * SECOND, 3));
        assertThat(rollups()).last().satisfies(r -> assertThat(r.revision()).isEqualTo(1));

        int entries = harness.numKeyedStateEntries();
        harness.processWatermark(T0 + 2 * MINUTE - 1 + 30 * SECOND);
        // Both windows purged: their emissions are gone, the series' rollup and identity stay.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(entries - 1).isEqualTo(2);
    }

    private void reopen(long allowedLatenessMillis) throws Exception {
        harness.close();
        harness = Harnesses.onHeap(new RollupFunction(MINUTE, RESOLUTION, allowedLatenessMillis), new SeriesKey(), null);
    }

    private void push(Sample sample) throws Exception {
        harness.processElement(sample, sample.timestampEpochMillis());
    }

    private List<Rollup> rollups() {
        return harness.extractOutputValues().stream().collect(Collectors.toList());
    }
}
