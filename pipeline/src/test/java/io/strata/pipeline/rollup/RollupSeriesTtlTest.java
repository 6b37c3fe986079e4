package io.strata.pipeline.rollup;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A series silent for its TTL in event time leaves no rollup state behind (state must not grow with series churn). */
class RollupSeriesTtlTest {

    private static final TestSeries REQUESTS = TestSeries.ofTenant("acme",
            "__name__", "http_requests_total", "instance", "gs-1:9100", "job", "gameserver");
    private static final Duration TTL = Duration.ofMinutes(15);

    private static KeyedOneInputStreamOperatorTestHarness<Long, Sample, Rollup> harness(
            org.apache.flink.streaming.api.functions.KeyedProcessFunction<Long, Sample, Rollup> function) throws Exception {
        return Harnesses.onHeap(function, new SeriesKey(), null);
    }

    @Test
    void onTimer_seriesSilentForItsTtl_stateCleared() throws Exception {
        var harness = harness(new RollupFunction(MINUTE, "1m", MINUTE).withSeriesTtl(TTL));
        harness.processElement(REQUESTS.counter(T0 + 10 * SECOND, 5), T0 + 10 * SECOND);
        harness.processWatermark(T0 + 3 * MINUTE);
        assertThat(harness.numKeyedStateEntries()).as("kept while within the TTL").isPositive();

        harness.processWatermark(T0 + 10 * SECOND + TTL.toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(1);
        harness.close();
    }

    @Test
    void onTimer_seriesStillReporting_keepsItsCounterCursor() throws Exception {
        var harness = harness(new RollupFunction(MINUTE, "1m", MINUTE).withSeriesTtl(TTL));
        harness.processElement(REQUESTS.counter(T0 + 10 * SECOND, 5), T0 + 10 * SECOND);
        harness.processWatermark(T0 + 10 * MINUTE);
        // Within the TTL: the step from 5 to 8 still counts.
        harness.processElement(REQUESTS.counter(T0 + 11 * MINUTE, 8), T0 + 11 * MINUTE);
        harness.processWatermark(T0 + 13 * MINUTE);

        List<Rollup> rollups = harness.extractOutputValues();
        assertThat(rollups.get(rollups.size() - 1).aggregate().increase()).isEqualTo(3.0);
        harness.close();
    }

    @Test
    void onTimer_withoutTtl_keepsStateForever() throws Exception {
        var harness = harness(new RollupFunction(MINUTE, "1m", MINUTE));
        harness.processElement(REQUESTS.counter(T0 + 10 * SECOND, 5), T0 + 10 * SECOND);

        harness.processWatermark(T0 + 24 * 60 * MINUTE);

        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.close();
    }
}
