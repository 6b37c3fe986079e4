package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class RemoteWriteRequestEncoderTest {

    private static final TestSeries TICKS = TestSeries.of("__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");
    private static final TestSeries PLAYERS = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver", "queue", "ranked");
    private static final TestSeries LATENCY = TestSeries.of("__name__", "action_ack_latency_seconds", "job", "gameserver");

    @Test
    void toWriteRequest_consecutiveSamplesOfOneSeries_shareOneTimeSeries() {
        WriteRequest request = RemoteWriteRequestEncoder.toWriteRequest(List.of(
                TICKS.counter(T0, 600),
                TICKS.counter(T0 + 10 * SECOND, 1200),
                PLAYERS.gauge(T0, 41)));

        assertThat(request.getTimeseriesList()).hasSize(2);
        Types.TimeSeries ticks = request.getTimeseries(0);
        assertThat(ticks.getLabelsList()).extracting(Types.Label::getName).containsExactly(TICKS.names());
        assertThat(ticks.getLabelsList()).extracting(Types.Label::getValue).containsExactly(TICKS.values());
        assertThat(ticks.getSamplesList()).extracting(Types.Sample::getTimestamp, Types.Sample::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0, 600.0),
                        org.assertj.core.groups.Tuple.tuple(T0 + 10 * SECOND, 1200.0));
        assertThat(request.getTimeseries(1).getSamplesList()).extracting(Types.Sample::getValue).containsExactly(41.0);
    }

    @Test
    void toWriteRequest_seriesInterleaved_keepsOrderWithOneTimeSeriesPerRun() {
        WriteRequest request = RemoteWriteRequestEncoder.toWriteRequest(List.of(
                TICKS.counter(T0, 600),
                PLAYERS.gauge(T0, 41),
                TICKS.counter(T0 + 10 * SECOND, 1200)));

        assertThat(request.getTimeseriesList())
                .extracting(s -> s.getLabels(0).getValue(), s -> s.getSamples(0).getTimestamp())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("gameplay_ticks_total", T0),
                        org.assertj.core.groups.Tuple.tuple("gameplay_players_connected", T0),
                        org.assertj.core.groups.Tuple.tuple("gameplay_ticks_total", T0 + 10 * SECOND));
    }

    @Test
    void toWriteRequest_noSamples_isEmptyRequest() {
        assertThat(RemoteWriteRequestEncoder.toWriteRequest(List.of()).getTimeseriesCount()).isZero();
    }

    @Test
    void encode_samples_isSnappyBlockOfTheWriteRequest() throws Exception {
        List<Sample> samples = List.of(TICKS.counter(T0, 600), PLAYERS.gauge(T0, 41));

        byte[] body = RemoteWriteRequestEncoder.encode(samples);

        assertThat(WriteRequest.parseFrom(Snappy.uncompress(body)))
                .isEqualTo(RemoteWriteRequestEncoder.toWriteRequest(samples));
    }

    @Test
    void serialize_mixedSamples_sameBytesAsTheProtobufObjectTree() {
        NativeHistogram histogram = new NativeHistogram(3, 1e-9, 0, 10, 0.12,
                new int[] {-54}, new int[] {3}, new double[] {2, 5, 3},
                new int[0], new int[0], new double[0], 0, false);
        TestSeries emptyValue = TestSeries.of("__name__", "odd", "job", "");
        List<Sample> samples = List.of(
                TICKS.counter(T0, 600),
                TICKS.counter(T0 + 10 * SECOND, 0),
                PLAYERS.gauge(0, -0.0),
                LATENCY.histogram(T0, histogram),
                LATENCY.histogram(T0 + 10 * SECOND, histogram),
                emptyValue.gauge(T0, Double.NaN),
                TICKS.counter(T0 + 20 * SECOND, 1800));

        assertThat(RemoteWriteRequestEncoder.serialize(samples))
                .isEqualTo(RemoteWriteRequestEncoder.toWriteRequest(samples).toByteArray());
        assertThat(RemoteWriteRequestEncoder.serialize(List.of())).isEmpty();
    }

    @Test
    void encode_thenDecode_givesBackEqualSamples() {
        NativeHistogram histogram = new NativeHistogram(3, 1e-9, 0, 10, 0.12,
                new int[] {-54}, new int[] {3}, new double[] {2, 5, 3},
                new int[0], new int[0], new double[0], 0, false);
        List<Sample> samples = List.of(
                TICKS.counter(T0, 600),
                TICKS.counter(T0 + 10 * SECOND, 1200),
                PLAYERS.gauge(T0, 41),
                LATENCY.histogram(T0, histogram),
                TICKS.counter(T0 + 20 * SECOND, 1800));

        List<SourceRecord> decoded = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault())
                .decodeAll(RemoteWriteRequestEncoder.encode(samples), TestSeries.TENANT, "test", T0 + 60 * SECOND);

        assertThat(decoded).extracting(SourceRecord::sample).containsExactlyElementsOf(samples);
    }
}
