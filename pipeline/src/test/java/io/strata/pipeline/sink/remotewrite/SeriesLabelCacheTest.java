package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.strata.operators.series.MetricKind;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class SeriesLabelCacheTest {

    private static final TestSeries TICKS = TestSeries.of("__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");
    private static final TestSeries PLAYERS = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver", "queue", "ranked");

    @Test
    void of_samplesOfOneSeries_shareOneEntry() {
        SeriesLabelCache cache = new SeriesLabelCache();
        SeriesLabelCache.Entry first = cache.of(TICKS.counter(T0, 1));

        assertThat(cache.of(TICKS.counter(T0 + 10 * SECOND, 2))).isSameAs(first);
        assertThat(first.invalid()).isNull();
        assertThat(first.fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
    }

    @Test
    void of_equalLabelsInOtherArrays_hitTheEntry() {
        SeriesLabelCache cache = new SeriesLabelCache();
        SeriesLabelCache.Entry first = cache.of(TICKS.counter(T0, 1));
        Sample copy = Sample.ofFloat(TestSeries.TENANT, TICKS.id(), TICKS.names().clone(), TICKS.values().clone(), MetricKind.COUNTER, T0, 2);

        assertThat(cache.of(copy)).isSameAs(first);
    }

    @Test
    void of_seriesIdsInOneSet_neverMixLabels() {
        SeriesLabelCache cache = new SeriesLabelCache(1);
        Sample ticks = TICKS.counter(T0, 1);
        // Same id, other labels: the id alone must not find the other series' entry.
        Sample players = Sample.ofFloat(TestSeries.TENANT, TICKS.id(), PLAYERS.names(), PLAYERS.values(), MetricKind.GAUGE, T0, 2);

        for (int i = 0; i < 3; i++) {
            assertThat(cache.of(ticks).fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
            assertThat(cache.of(players).fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(PLAYERS.names(), PLAYERS.values()));
        }
    }

    @Test
    void of_twoSeriesAlternatingInOneSet_eachWorkedOutOnce() {
        SeriesLabelCache cache = new SeriesLabelCache(1);
        Sample ticks = TICKS.counter(T0, 1);
        Sample players = PLAYERS.gauge(T0, 2);
        SeriesLabelCache.Entry ticksEntry = cache.of(ticks);
        SeriesLabelCache.Entry playersEntry = cache.of(players);

        for (int i = 0; i < 3; i++) {
            assertThat(cache.of(ticks)).isSameAs(ticksEntry);
            assertThat(cache.of(players)).isSameAs(playersEntry);
        }
    }

    @Test
    void of_unsortedLabels_sortsThemOnceAndEncodesTheSortedSet() {
        SeriesLabelCache cache = new SeriesLabelCache();
        Sample unsorted = Sample.ofFloat(TestSeries.TENANT, 7L, new String[] {"job", "__name__", "instance"},
                new String[] {"gameserver", "gameplay_ticks_total", "gs-1:9100"}, MetricKind.COUNTER, T0, 1);

        SeriesLabelCache.Entry entry = cache.of(unsorted);
        Sample sorted = entry.sorted(unsorted);

        assertThat(sorted.labelNames()).containsExactly(TICKS.names());
        assertThat(sorted.labelValues()).containsExactly(TICKS.values());
        assertThat(entry.fields()).isEqualTo(RemoteWriteRequestEncoder.labelFields(TICKS.names(), TICKS.values()));
        // The sorted sample the batch holds finds the same entry when its request is encoded.
        assertThat(cache.of(sorted)).isSameAs(entry);
    }

    @Test
    void of_invalidLabels_namesTheReasonAndEncodesNothing() {
        SeriesLabelCache cache = new SeriesLabelCache();
        Sample emptyValue = Sample.ofFloat(TestSeries.TENANT, 9L, new String[] {"__name__", "job"}, new String[] {"up", ""},
                MetricKind.GAUGE, T0, 1);
        Sample badName = Sample.ofFloat(TestSeries.TENANT, 10L, new String[] {"__name__", "job-name"}, new String[] {"up", "x"},
                MetricKind.GAUGE, T0, 1);

        assertThat(cache.of(emptyValue).invalid()).isEqualTo(RemoteWriteRejectReason.EMPTY_LABEL_VALUE);
        assertThat(cache.of(emptyValue).fields()).isNull();
        assertThat(cache.of(badName).invalid()).isEqualTo(RemoteWriteRejectReason.INVALID_LABEL_NAME);
    }

    @Test
    void encode_withCachedLabelFields_sameBytesAsEncodingLabelsPerRequest() throws Exception {
        SeriesLabelCache cache = new SeriesLabelCache(2);
        List<Sample> samples = List.of(TICKS.counter(T0, 600), TICKS.counter(T0 + 10 * SECOND, 1200), PLAYERS.gauge(T0, 41),
                TICKS.counter(T0 + 20 * SECOND, 1800));

        byte[] cached = RemoteWriteRequestEncoder.encode(samples, cache::fields);

        assertThat(cached).isEqualTo(RemoteWriteRequestEncoder.encode(samples));
        WriteRequest request = WriteRequest.parseFrom(Snappy.uncompress(cached));
        assertThat(request.getTimeseries(1).getLabelsList()).extracting(Types.Label::getValue).containsExactly(PLAYERS.values());
    }

    @Test
    void new_setsNotAPowerOfTwo_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SeriesLabelCache(3)).withMessageContaining("power of two");
    }
}
