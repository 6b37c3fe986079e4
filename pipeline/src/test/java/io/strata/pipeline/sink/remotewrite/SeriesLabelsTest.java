package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.series.MetricKind;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class SeriesLabelsTest {

    private static final TestSeries TICKS = TestSeries.of("__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");
    private static final TestSeries PLAYERS = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver", "queue", "ranked");

    @Test
    void of_samplesOfOneSeries_shareOneEntry() {
        Series ticks = TICKS.counter(T0, 1).series();
        SeriesLabels.Entry first = SeriesLabels.of(new Sample(ticks, MetricKind.COUNTER, T0, 1, null, T0));

        assertThat(SeriesLabels.of(new Sample(ticks, MetricKind.COUNTER, T0 + 10 * SECOND, 2, null, T0))).isSameAs(first);
        assertThat(first.invalid()).isNull();
        assertThat(first.fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
    }

    @Test
    void of_seriesIdSharedByOtherLabels_neverMixesThem() {
        Sample ticks = TICKS.counter(T0, 1);
        // Same id, other labels: each series keeps its own labels.
        Sample players = Sample.ofFloat(TestSeries.TENANT, TICKS.id(), PLAYERS.names(), PLAYERS.values(), MetricKind.GAUGE, T0, 2);

        for (int i = 0; i < 3; i++) {
            assertThat(SeriesLabels.fields(ticks)).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
            assertThat(SeriesLabels.fields(players)).isEqualTo(RemoteWriteRequestEncoder.labelFields(PLAYERS.names(), PLAYERS.values()));
        }
    }

    @Test
    void of_unsortedLabels_sortsThemOnceAndEncodesTheSortedSet() {
        Sample unsorted = Sample.ofFloat(TestSeries.TENANT, 7L, new String[] {"job", "__name__", "instance"},
                new String[] {"gameserver", "gameplay_ticks_total", "gs-1:9100"}, MetricKind.COUNTER, T0, 1);

        SeriesLabels.Entry entry = SeriesLabels.of(unsorted);
        Sample sorted = entry.sorted(unsorted);

        assertThat(sorted.labelNames()).containsExactly(TICKS.names());
        assertThat(sorted.labelValues()).containsExactly(TICKS.values());
        assertThat(entry.fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
        // The sorted sample the batch holds finds the same entry when its request is encoded.
        assertThat(SeriesLabels.of(sorted)).isSameAs(entry);
        assertThat(entry.sorted(unsorted).series()).isSameAs(sorted.series());
    }

    @Test
    void of_invalidLabels_namesTheReasonAndEncodesNothing() {
        Sample emptyValue = Sample.ofFloat(TestSeries.TENANT, 9L, new String[] {"__name__", "job"}, new String[] {"up", ""},
                MetricKind.GAUGE, T0, 1);
        Sample badName = Sample.ofFloat(TestSeries.TENANT, 10L, new String[] {"__name__", "job-name"}, new String[] {"up", "x"},
                MetricKind.GAUGE, T0, 1);

        assertThat(SeriesLabels.of(emptyValue).invalid()).isEqualTo(RemoteWriteRejectReason.EMPTY_LABEL_VALUE);
        assertThat(SeriesLabels.of(emptyValue).fields()).isNull();
        assertThat(SeriesLabels.of(badName).invalid()).isEqualTo(RemoteWriteRejectReason.INVALID_LABEL_NAME);
    }

    @Test
    void encode_withKeptLabelFields_sameBytesAsEncodingLabelsPerRequest() throws Exception {
        List<Sample> samples = List.of(TICKS.counter(T0, 600), TICKS.counter(T0 + 10 * SECOND, 1200), PLAYERS.gauge(T0, 41),
                TICKS.counter(T0 + 20 * SECOND, 1800));

        byte[] kept = RemoteWriteRequestEncoder.encode(samples, SeriesLabels::fields);

        assertThat(kept).isEqualTo(RemoteWriteRequestEncoder.encode(samples));
        WriteRequest request = WriteRequest.parseFrom(Snappy.uncompress(kept));
        assertThat(request.getTimeseries(1).getLabelsList()).extracting(Types.Label::getValue).containsExactly(PLAYERS.values());
    }
}
