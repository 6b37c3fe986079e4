package io.strata.pipeline.rollup;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.StaleMarker;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Windows are [T0, T0 + 1m) and [T0 + 1m, T0 + 2m); a window's timer fires at its last
 * millisecond. Histograms are at schema 0 with buckets from Prometheus index 1, i.e. (1, 2],
 * (2, 4], (4, 8].
 */
class HistogramRollupFunctionTest {

    private static final String RESOLUTION = "1m";
    private static final long END_OF_FIRST_WINDOW = T0 + MINUTE - 1;
    private static final long END_OF_SECOND_WINDOW = T0 + 2 * MINUTE - 1;

    private static final TestSeries ACK = TestSeries.ofTenant("acme",
            "__name__", "action_ack_latency_seconds", "instance", "gs-1:9100", "job", "gameserver");

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, Rollup> harness;

    @BeforeEach
    void open() throws Exception {
        harness = Harnesses.onHeap(new HistogramRollupFunction(MINUTE, RESOLUTION), new SeriesKey(), null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** A cumulative integer histogram with the given absolute bucket counts from (1, 2] up. */
    private static Sample ack(long timestampEpochMillis, double sum, double... counts) {
        double count = 0;
        for (double c : counts) {
            count += c;
        }
        return ACK.histogram(timestampEpochMillis, new NativeHistogram(0, 0, 0, count, sum, new int[] {1},
                new int[] {counts.length}, counts, new int[0], new int[0], new double[0], 0, false));
    }

    @Test
    void onTimer_window_firesOnlyOnceWatermarkPassesWindowEnd() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        push(ack(T0 + 20 * SECOND, 14, 3, 3));

        harness.processWatermark(END_OF_FIRST_WINDOW - 1);
        assertThat(rollups()).isEmpty();

        harness.processWatermark(END_OF_FIRST_WINDOW);
        assertThat(rollups()).singleElement().satisfies(r -> {
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.seriesId()).isEqualTo(ACK.id());
            assertThat(r.labelNames()).containsExactly(ACK.names());
            assertThat(r.labelValues()).containsExactly(ACK.values());
            assertThat(r.resolution()).isEqualTo(RESOLUTION);
            assertThat(r.aggregate().kind()).isEqualTo(MetricKind.HISTOGRAM);
            assertThat(r.aggregate().windowEndEpochMillis()).isEqualTo(T0 + MINUTE);
            assertThat(r.aggregate().count()).isEqualTo(2);
            HistogramWindowAggregate h = r.histogram();
            assertThat(h.windowStartEpochMillis()).isEqualTo(T0);
            assertThat(h.count()).isEqualTo(4);
            assertThat(h.sum()).isEqualTo(10);
            assertThat(h.positiveOffset()).isZero();
            assertThat(h.positiveCounts()).containsExactly(2, 2);
            // Delta (1, 2]: 2, (2, 4]: 2; rank (1 − 0.99)·4 from the top, log-linear in (2, 4].
            assertThat(h.p50()).isEqualTo(2.0);
            assertThat(h.p99()).isCloseTo(Math.pow(2, 1.98), within(1e-12));
        });
    }

    @Test
    void onTimer_twoWindows_secondDeltaIncludesStepFromFirstWindow() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        push(ack(T0 + 40 * SECOND, 14, 3, 3));
        push(ack(T0 + 70 * SECOND, 40, 3, 5, 2));
        push(ack(T0 + 100 * SECOND, 50, 4, 6, 2));

        harness.processWatermark(END_OF_SECOND_WINDOW);

        List<HistogramWindowAggregate> windows = rollups().stream().map(Rollup::histogram).toList();
        assertThat(windows).extracting(HistogramWindowAggregate::count).containsExactly(4.0, 6.0);
        assertThat(windows).extracting(HistogramWindowAggregate::sum).containsExactly(10.0, 36.0);
        // Last − first: (4, 6, 2) − (1, 1) = (3, 5, 2), split (2, 2) + (1, 3, 2).
        assertThat(windows.get(1).positiveCounts()).containsExactly(1, 3, 2);
    }

    @Test
    void processElement_windowAlreadyFired_goesToLateOutputAndIsCounted() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        harness.processWatermark(END_OF_FIRST_WINDOW);

        Sample late = ack(T0 + 30 * SECOND, 14, 3, 3);
        push(late);
        harness.processWatermark(END_OF_SECOND_WINDOW);

        assertThat(harness.getSideOutput(OutputTags.LATE)).extracting(StreamRecord::getValue)
                .containsExactly(new LateSample(late, RESOLUTION, END_OF_FIRST_WINDOW));
        assertThat(rollups()).singleElement().satisfies(r -> assertThat(r.histogram().samples()).isEqualTo(1));
    }

    @Test
    void processElement_invalidHistogram_isSkippedWithoutFailing() throws Exception {
        Sample invalid = ACK.histogram(T0 + 10 * SECOND, new NativeHistogram(0, 0, 0, 99, 4, new int[] {1},
                new int[] {2}, new double[] {1, 1}, new int[0], new int[0], new double[0], 0, false));
        push(invalid);
        harness.processWatermark(END_OF_FIRST_WINDOW);

        assertThat(rollups()).isEmpty();
        assertThat(harness.getSideOutput(OutputTags.LATE)).isNull();
    }

    /**
     * Spans {1, 1}, {2147483646, 1}: Prometheus index 2^31 used to pass the codec's range check,
     * wrap to Integer.MIN_VALUE and fail the 1m rollup with NegativeArraySizeException.
     */
    @Test
    void processElement_bucketIndexPastIntMax_isSkippedWithoutFailing() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        push(ACK.histogram(T0 + 20 * SECOND, new NativeHistogram(0, 0, 0, 4, 8, new int[] {1, 2147483646},
                new int[] {1, 1}, new double[] {2, 2}, new int[0], new int[0], new double[0], 0, false)));
        push(ack(T0 + 30 * SECOND, 14, 3, 3));
        harness.processWatermark(END_OF_FIRST_WINDOW);

        assertThat(rollups()).singleElement().satisfies(r -> {
            assertThat(r.histogram().samples()).isEqualTo(2);
            assertThat(r.histogram().positiveCounts()).containsExactly(2, 2);
        });
    }

    /**
     * A zero threshold of Double.MAX_VALUE over Prometheus buckets 2^31 - 1 and 2^31 (OpenTelemetry
     * indices up to Integer.MAX_VALUE after the old wrap): merging the step into the window used
     * to walk the zero bucket past Integer.MAX_VALUE, wrap, spin through 2^32 indices for minutes
     * and then index out of bounds.
     */
    @Test
    void processElement_zeroThresholdOverBucketsNearIntMax_isSkippedPromptly() {
        NativeHistogram nearIntMax = new NativeHistogram(0, Double.MAX_VALUE, 0, 2, 0, new int[] {2147483647},
                new int[] {2}, new double[] {1, 1}, new int[0], new int[0], new double[0], 0, false);
        NativeHistogram later = new NativeHistogram(0, Double.MAX_VALUE, 0, 4, 0, new int[] {2147483647},
                new int[] {2}, new double[] {2, 2}, new int[0], new int[0], new double[0], 0, false);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            push(ACK.histogram(T0 + 10 * SECOND, nearIntMax));
            push(ACK.histogram(T0 + 20 * SECOND, later));
            harness.processWatermark(END_OF_FIRST_WINDOW);
        });
        assertThat(rollups()).isEmpty();
    }

    /**
     * A staleness marker (sum StaleNaN, count 0, as Prometheus writes one) used to read as a
     * counter reset; the next sample then counted everything since the series began.
     */
    @Test
    void processElement_staleMarkerHistogram_isNeitherValueNorReset() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        push(ACK.histogram(T0 + 20 * SECOND, new NativeHistogram(0, 0, 0, 0, StaleMarker.STALE_NAN, new int[0],
                new int[0], new double[0], new int[0], new int[0], new double[0], 0, false)));
        push(ack(T0 + 30 * SECOND, 14, 3, 3));
        harness.processWatermark(END_OF_FIRST_WINDOW);

        assertThat(rollups()).singleElement().satisfies(r -> {
            assertThat(r.histogram().samples()).isEqualTo(2);
            assertThat(r.histogram().resets()).isZero();
            assertThat(r.histogram().count()).isEqualTo(4);
            assertThat(r.histogram().positiveCounts()).containsExactly(2, 2);
        });
    }

    @Test
    void initializeState_afterSnapshot_stepUsesRestoredPreviousHistogram() throws Exception {
        push(ack(T0 + 10 * SECOND, 4, 1, 1));
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = Harnesses.onHeap(new HistogramRollupFunction(MINUTE, RESOLUTION), new SeriesKey(), snapshot);
        push(ack(T0 + 70 * SECOND, 14, 3, 3));
        harness.processWatermark(END_OF_SECOND_WINDOW);

        List<Rollup> rollups = rollups();
        assertThat(rollups).hasSize(2);
        assertThat(rollups.get(0).histogram().windowStartEpochMillis()).isEqualTo(T0);
        assertThat(rollups.get(0).histogram().count()).isZero();
        assertThat(rollups.get(1).histogram().count()).isEqualTo(4);
        assertThat(rollups.get(1).histogram().positiveCounts()).containsExactly(2, 2);
        assertThat(rollups.get(1).labelNames()).containsExactly(ACK.names());
        assertThat(rollups.get(1).tenant()).isEqualTo("acme");
    }

    private void push(Sample sample) throws Exception {
        harness.processElement(sample, sample.timestampEpochMillis());
    }

    private List<Rollup> rollups() {
        return harness.extractOutputValues();
    }
}
