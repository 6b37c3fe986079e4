package io.strata.pipeline.rollup;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.TestSeries;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class RollupToHotSamplesTest {

    private static final TestSeries ACK = TestSeries.of(
            "__name__", "action_ack_latency_seconds", "instance", "gs-1:9100", "job", "gameserver");

    private static Rollup histogramRollup(double count) {
        return histogramRollup(count, "1m");
    }

    private static Rollup histogramRollup(double count, String resolution) {
        return Rollup.ofHistogram(ACK.tenant(), ACK.id(), ACK.names(), ACK.values(), resolution,
                new HistogramWindowAggregate(T0, T0 + MINUTE, 6, 0, count, 0.25, 3, 0, 0, -55,
                        count == 0 ? new double[0] : new double[] {count}, 0, new double[0],
                        count == 0 ? Double.NaN : 0.009, count == 0 ? Double.NaN : 0.01,
                        count == 0 ? Double.NaN : 0.011, count == 0 ? Double.NaN : 0.012));
    }

    @Test
    void flatMap_histogramRollup_givesQuantilesCountAndSumAtWindowEnd() {
        List<Sample> out = new ArrayList<>();

        new RollupToHotSamples().flatMap(histogramRollup(20), new ListCollector<>(out));

        assertThat(out).extracting(Sample::metricName).containsExactly(
                "action_ack_latency_seconds:p50_1m", "action_ack_latency_seconds:p90_1m",
                "action_ack_latency_seconds:p95_1m", "action_ack_latency_seconds:p99_1m",
                "action_ack_latency_seconds:count_1m", "action_ack_latency_seconds:sum_1m");
        assertThat(out).extracting(Sample::value).containsExactly(0.009, 0.01, 0.011, 0.012, 20.0, 0.25);
        assertThat(out).extracting(Sample::timestampEpochMillis).containsOnly(T0 + MINUTE);
        assertThat(out).allSatisfy(s -> {
            assertThat(s.isHistogram()).isFalse();
            assertThat(s.labelValues()).contains("gs-1:9100", "gameserver");
        });
    }

    @Test
    void flatMap_seriesAtEveryResolution_keepsEachResolutionsLabelArrays() {
        // The remote_write writer finds a series' encoded labels by the identity of its label
        // arrays: a series' 1m, 5m and 1h results must not evict each other's hot label sets.
        RollupToHotSamples hot = new RollupToHotSamples();
        List<Sample> first = new ArrayList<>();
        List<Sample> again = new ArrayList<>();

        hot.flatMap(histogramRollup(20), new ListCollector<>(first));
        hot.flatMap(histogramRollup(20, "5m"), new ListCollector<>(new ArrayList<>()));
        hot.flatMap(histogramRollup(20, "1h"), new ListCollector<>(new ArrayList<>()));
        hot.flatMap(histogramRollup(30), new ListCollector<>(again));

        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).labelValues()).isSameAs(first.get(i).labelValues());
        }
    }

    @Test
    void flatMap_histogramRollupWithoutObservations_givesNoQuantiles() {
        List<Sample> out = new ArrayList<>();

        new RollupToHotSamples().flatMap(histogramRollup(0), new ListCollector<>(out));

        assertThat(out).extracting(Sample::metricName).containsExactly(
                "action_ack_latency_seconds:count_1m", "action_ack_latency_seconds:sum_1m");
    }

    @Test
    void flatMap_correction_writesNothingHot() {
        List<Sample> out = new ArrayList<>();

        new RollupToHotSamples().flatMap(histogramRollup(20).withRevision(1), new ListCollector<>(out));

        assertThat(out).isEmpty();
    }

    @Test
    void flatMap_fiveMinuteRollup_namedWithItsResolution() {
        List<Sample> out = new ArrayList<>();
        Rollup fiveMinutes = histogramRollup(20);
        fiveMinutes = new Rollup(fiveMinutes.tenant(), fiveMinutes.seriesId(), fiveMinutes.labelNames(), fiveMinutes.labelValues(),
                "5m", fiveMinutes.aggregate(), fiveMinutes.histogram(), 0);

        new RollupToHotSamples().flatMap(fiveMinutes, new ListCollector<>(out));

        assertThat(out).extracting(Sample::metricName).contains("action_ack_latency_seconds:p99_5m", "action_ack_latency_seconds:count_5m");
    }

    @Test
    void flatMap_windowsOfOneSeries_shareTheirHotLabelSets() {
        RollupToHotSamples function = new RollupToHotSamples();
        List<Sample> out = new ArrayList<>();
        function.flatMap(histogramRollup(20), new ListCollector<>(out));
        // The next window arrives with equal labels in arrays of its own, as after a network exchange.
        Rollup next = Rollup.ofHistogram(ACK.tenant(), ACK.id(), ACK.names().clone(), ACK.values().clone(), "1m",
                histogramRollup(30).histogram());
        function.flatMap(next, new ListCollector<>(out));

        assertThat(out).hasSize(12);
        for (int i = 0; i < 6; i++) {
            assertThat(out.get(i + 6).labelValues()).isSameAs(out.get(i).labelValues());
            assertThat(out.get(i + 6).seriesId()).isEqualTo(out.get(i).seriesId());
        }
    }

    @Test
    void flatMap_otherTenantOrResolutionOfSameLabels_getsItsOwnSeries() {
        RollupToHotSamples function = new RollupToHotSamples();
        List<Sample> out = new ArrayList<>();
        function.flatMap(histogramRollup(20), new ListCollector<>(out));
        HistogramWindowAggregate h = histogramRollup(20).histogram();
        function.flatMap(Rollup.ofHistogram("globex", ACK.id(), ACK.names(), ACK.values(), "1m", h), new ListCollector<>(out));
        function.flatMap(Rollup.ofHistogram(ACK.tenant(), ACK.id(), ACK.names(), ACK.values(), "5m", h), new ListCollector<>(out));

        assertThat(out).hasSize(18);
        assertThat(out.get(6).tenant()).isEqualTo("globex");
        assertThat(out.get(12).metricName()).isEqualTo("action_ack_latency_seconds:p50_5m");
        assertThat(out.get(0).metricName()).isEqualTo("action_ack_latency_seconds:p50_1m");
    }
}
