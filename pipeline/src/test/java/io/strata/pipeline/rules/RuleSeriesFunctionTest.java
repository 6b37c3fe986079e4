package io.strata.pipeline.rules;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rules.RangeEvaluation;
import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.StaleMarker;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One rule, {@code sum by (region) (rate(x_total[1m]))} every 30 s: evaluations at T0 + 30 s, + 60 s, ... */
class RuleSeriesFunctionTest {

    private static final RuleSet RULES = RuleSet.of(RuleFileParser.parse("r.yaml", """
            groups:
            - name: g
              interval: 30s
              rules:
              - record: region:x:rate1m
                expr: sum by (region) (rate(x_total[1m]))
            """));
    private static final TestSeries X = TestSeries.ofTenant("acme", "__name__", "x_total", "instance", "gs-1", "region", "eu");

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, RulePartial> harness;

    @BeforeEach
    void open() throws Exception {
        harness = Harnesses.onHeap(new RuleSeriesFunction(RULES), new SeriesKey(), null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<RulePartial> partials() {
        return harness.extractOutputValues();
    }

    @Test
    void onTimer_emitsOnlyOnceTheWatermarkPassesTheEvaluationTime() throws Exception {
        harness.processElement(new StreamRecord<>(X.counter(T0 + 10 * SECOND, 4), T0 + 10 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 20 * SECOND, 10), T0 + 20 * SECOND));
        harness.processWatermark(T0 + 30 * SECOND - 1);
        assertThat(partials()).isEmpty();

        harness.processWatermark(T0 + 30 * SECOND);
        double expected = RangeEvaluation.extrapolatedRate(new long[] {T0 + 10 * SECOND, T0 + 20 * SECOND}, new double[] {4, 10},
                0, 2, T0 + 30 * SECOND, 60 * SECOND, true);
        assertThat(partials()).singleElement().satisfies(p -> {
            assertThat(p.tenant()).isEqualTo("acme");
            assertThat(p.group()).containsExactly("eu");
            assertThat(p.timestampEpochMillis()).isEqualTo(T0 + 30 * SECOND);
            assertThat(p.seriesId()).isEqualTo(X.id());
            assertThat(p.value()).isEqualTo(expected);
            assertThat(p.bucketBound()).isNaN();
        });
    }

    @Test
    void silentSeries_losesItsStateAndTimersAfterTheRangeAndAnInterval() throws Exception {
        harness.processElement(new StreamRecord<>(X.counter(T0 + 10 * SECOND, 4), T0 + 10 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 20 * SECOND, 10), T0 + 20 * SECOND));
        harness.processWatermark(T0 + 5 * 60 * SECOND);

        // Both samples lie in [t - 1m, t] at 30 s and 60 s only; [30 s, 90 s] holds none of them.
        assertThat(partials()).extracting(RulePartial::timestampEpochMillis).containsExactly(T0 + 30 * SECOND, T0 + 60 * SECOND);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void lateSample_keptForLaterEvaluations_acrossARestore() throws Exception {
        harness.processElement(new StreamRecord<>(X.counter(T0 + 40 * SECOND, 10), T0 + 40 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 50 * SECOND, 12), T0 + 50 * SECOND));
        harness.processWatermark(T0 + 60 * SECOND);
        assertThat(partials()).singleElement().extracting(RulePartial::timestampEpochMillis).isEqualTo(T0 + 60 * SECOND);
        // At 45 s, after the evaluation at 60 s has run without it: late (counted), kept for 90 s.
        harness.processElement(new StreamRecord<>(X.counter(T0 + 45 * SECOND, 11), T0 + 45 * SECOND));

        OperatorSubtaskState snapshot = harness.snapshot(1, T0 + 61 * SECOND);
        harness.close();
        harness = Harnesses.onHeap(new RuleSeriesFunction(RULES), new SeriesKey(), snapshot);
        harness.processWatermark(T0 + 80 * SECOND);
        assertThat(partials()).isEmpty();
        harness.processWatermark(T0 + 90 * SECOND);
        double expected = RangeEvaluation.extrapolatedRate(new long[] {T0 + 40 * SECOND, T0 + 45 * SECOND, T0 + 50 * SECOND},
                new double[] {10, 11, 12}, 0, 3, T0 + 90 * SECOND, 60 * SECOND, true);
        assertThat(partials()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(expected));
    }

    @Test
    void outOfOrderButOnTime_startsAnEarlierEvaluation() throws Exception {
        // 40 s first (its first evaluation is 60 s), then 25 s and 28 s, still before the watermark
        // passes 30 s: the evaluation at 30 s must run and read them.
        harness.processElement(new StreamRecord<>(X.counter(T0 + 40 * SECOND, 9), T0 + 40 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 25 * SECOND, 3), T0 + 25 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 28 * SECOND, 4), T0 + 28 * SECOND));
        harness.processWatermark(T0 + 30 * SECOND);
        assertThat(partials()).singleElement().extracting(RulePartial::timestampEpochMillis).isEqualTo(T0 + 30 * SECOND);
    }

    @Test
    void tooLateForEveryFutureRange_notKept() throws Exception {
        harness.processWatermark(T0 + 10 * 60 * SECOND);
        harness.processElement(new StreamRecord<>(X.counter(T0 + 10 * SECOND, 4), T0 + 10 * SECOND));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** A float staleness marker used to be kept as NaN and made the whole range's rate NaN. */
    @Test
    void processElement_staleMarker_isNotPartOfTheRange() throws Exception {
        harness.processElement(new StreamRecord<>(X.counter(T0 + 10 * SECOND, 4), T0 + 10 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 15 * SECOND, StaleMarker.STALE_NAN), T0 + 15 * SECOND));
        harness.processElement(new StreamRecord<>(X.counter(T0 + 20 * SECOND, 10), T0 + 20 * SECOND));
        harness.processWatermark(T0 + 30 * SECOND);

        double expected = RangeEvaluation.extrapolatedRate(new long[] {T0 + 10 * SECOND, T0 + 20 * SECOND}, new double[] {4, 10},
                0, 2, T0 + 30 * SECOND, 60 * SECOND, true);
        assertThat(partials()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(expected));
    }

    /**
     * Schema -4 buckets at Prometheus indices -1000 and 1001 span more than 160 buckets, so they
     * used to decode at scale -8, below every Prometheus schema: writing the rate back threw
     * outside the evaluation's try, at every evaluation, and again after every restore because
     * the histogram sat in rule state. Such a histogram is now counted and never stored.
     */
    @Test
    void processElement_histogramDecodingBelowSchemaMinus4_isSkippedAndStateStaysUsable() throws Exception {
        RuleSet rules = RuleSet.of(RuleFileParser.parse("h.yaml", """
                groups:
                - name: g
                  interval: 30s
                  rules:
                  - record: region:h:p90
                    expr: histogram_quantile(0.9, sum by (region) (rate(h[1m])))
                """));
        TestSeries h = TestSeries.ofTenant("acme", "__name__", "h", "instance", "gs-1", "region", "eu");
        harness.close();
        harness = Harnesses.onHeap(new RuleSeriesFunction(rules), new SeriesKey(), null);
        NativeHistogram wide = new NativeHistogram(-4, 0, 0, 2, 1, new int[] {-1000, 2000}, new int[] {1, 1},
                new double[] {1, 1}, new int[0], new int[0], new double[0], 0, false);
        NativeHistogram wider = new NativeHistogram(-4, 0, 0, 4, 2, new int[] {-1000, 2000}, new int[] {1, 1},
                new double[] {2, 2}, new int[0], new int[0], new double[0], 0, false);
        harness.processElement(new StreamRecord<>(h.histogram(T0 + 10 * SECOND, wide), T0 + 10 * SECOND));
        harness.processElement(new StreamRecord<>(h.histogram(T0 + 20 * SECOND, wider), T0 + 20 * SECOND));
        harness.processWatermark(T0 + 30 * SECOND);
        OperatorSubtaskState snapshot = harness.snapshot(0, 0);
        harness.close();

        harness = Harnesses.onHeap(new RuleSeriesFunction(rules), new SeriesKey(), snapshot);
        harness.processElement(new StreamRecord<>(h.histogram(T0 + 40 * SECOND, ack(1)), T0 + 40 * SECOND));
        harness.processElement(new StreamRecord<>(h.histogram(T0 + 50 * SECOND, ack(3)), T0 + 50 * SECOND));
        harness.processWatermark(T0 + 60 * SECOND);

        assertThat(partials()).singleElement().satisfies(p -> {
            assertThat(p.timestampEpochMillis()).isEqualTo(T0 + 60 * SECOND);
            assertThat(p.histogram()).isNotNull();
        });
    }

    /** A valid cumulative histogram at schema 0 with {@code n} observations in (1, 2]. */
    private static NativeHistogram ack(double n) {
        return new NativeHistogram(0, 0, 0, n, n, new int[] {1}, new int[] {1}, new double[] {n}, new int[0], new int[0],
                new double[0], 0, false);
    }
}
