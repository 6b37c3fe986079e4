package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.series.MetricKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SampleSerializerTest {

    private static final long T = 1_795_000_000_000L;

    private final TypeSerializer<Sample> serializer = TypeInformation.of(Sample.class).createSerializer(new SerializerConfigImpl());

    private static Sample gauge(String tenant, long seriesId, String host, double value, long ts) {
        return new Sample(tenant, seriesId, new String[] {"__name__", "host", "region"}, new String[] {"cpu_temp", host, "eu-west-1"},
                MetricKind.GAUGE, ts, value, null, ts + 1_500);
    }

    private static NativeHistogram histogram() {
        return new NativeHistogram(3, 1e-128, 2, 10, 12.5, new int[] {-1, 2}, new int[] {2, 1}, new double[] {3, 4, 1},
                new int[] {0}, new int[] {1}, new double[] {0}, 0, false);
    }

    private List<Sample> roundTrip(List<Sample> samples) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (Sample sample : samples) {
            serializer.serialize(sample, out);
        }
        TypeSerializer<Sample> reader = serializer.duplicate();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Sample> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(reader.deserialize(in));
        }
        return read;
    }

    @Test
    void typeInformation_sample_isStratasOwnNotPojoOrKryo() {
        assertThat(TypeInformation.of(Sample.class)).isInstanceOf(SampleTypeInfo.class);
        assertThat(serializer).isInstanceOf(SampleSerializer.class);
    }

    @Test
    void deserialize_floatAndHistogramSamples_roundTripEveryField() throws IOException {
        Sample gauge = gauge("default", 42, "h-1", 71.5, T);
        Sample histogram = new Sample("team-a", 43, new String[] {"__name__", "host"}, new String[] {"tick_seconds", "h-1"},
                MetricKind.HISTOGRAM, T + 10_000, Double.NaN, histogram(), T + 11_000);

        List<Sample> read = roundTrip(List.of(gauge, histogram));

        assertThat(read).containsExactly(gauge, histogram);
        assertThat(read.get(0).arrivalEpochMillis()).isEqualTo(T + 1_500);
        assertThat(read.get(1).arrivalEpochMillis()).isEqualTo(T + 11_000);
        assertThat(read.get(1).histogram()).isEqualTo(histogram());
    }

    @Test
    void deserialize_samplesOfOneSeries_shareOneSetOfLabelArrays() throws IOException {
        List<Sample> read = roundTrip(List.of(gauge("default", 42, "h-1", 1, T), gauge("default", 42, "h-1", 2, T + 10_000)));

        assertThat(read.get(1).series()).isSameAs(read.get(0).series());
        assertThat(read.get(1).labelNames()).isSameAs(read.get(0).labelNames());
        assertThat(read.get(1).labelValues()).isSameAs(read.get(0).labelValues());
        assertThat(read.get(1).value()).isEqualTo(2);
    }

    @Test
    void deserialize_twoLabelSetsUnderOneSeriesId_neverMixed() throws IOException {
        Sample a = gauge("default", 7, "h-1", 1, T);
        Sample b = gauge("default", 7, "h-2", 2, T);
        Sample otherTenant = gauge("team-b", 7, "h-1", 3, T);

        List<Sample> read = roundTrip(List.of(a, b, a, otherTenant, b));

        assertThat(read).containsExactly(a, b, a, otherTenant, b);
        assertThat(read.get(3).tenant()).isEqualTo("team-b");
    }

    @Test
    void deserialize_moreSeriesThanCacheSlots_allRoundTrip() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 40_000; i++) {
                samples.add(gauge("default", i * 0x9E3779B97F4A7C15L, "h-" + i, i, T + round));
            }
        }

        assertThat(roundTrip(samples)).isEqualTo(samples);
    }

    @Test
    void deserialize_nonAsciiAndEmptyStrings_roundTrip() throws IOException {
        Sample sample = new Sample("équipe", 9, new String[] {"__name__", "zone"}, new String[] {"joueurs_connectés", ""},
                MetricKind.GAUGE, T, 3, null, T);

        assertThat(roundTrip(List.of(sample))).containsExactly(sample);
    }

    @Test
    void copy_serializedForm_readsBackTheSameSamples() throws IOException {
        List<Sample> samples = List.of(gauge("default", 1, "h-1", 1, T),
                new Sample("default", 2, new String[] {"__name__"}, new String[] {"h"}, MetricKind.HISTOGRAM, T, 0, histogram(), T));
        DataOutputSerializer original = new DataOutputSerializer(256);
        for (Sample sample : samples) {
            serializer.serialize(sample, original);
        }
        DataInputDeserializer in = new DataInputDeserializer(original.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(in, copied);
        serializer.copy(in, copied);

        assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    @Test
    void copy_histogramSample_copiesTheHistogramNotTheLabels() {
        Sample sample = new Sample("default", 2, new String[] {"__name__"}, new String[] {"h"}, MetricKind.HISTOGRAM, T, 0, histogram(), T);

        Sample copy = serializer.copy(sample);

        assertThat(copy).isEqualTo(sample);
        assertThat(copy.histogram().positiveCounts()).isNotSameAs(sample.histogram().positiveCounts());
        assertThat(copy.labelNames()).isSameAs(sample.labelNames());
    }

    @Test
    void duplicate_isAnEqualSerializerWithCachesOfItsOwn() {
        TypeSerializer<Sample> duplicate = serializer.duplicate();

        assertThat(duplicate).isEqualTo(serializer).isNotSameAs(serializer);
    }

    @Test
    void snapshot_writtenAndReadBack_isCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

        TypeSerializerSnapshot<Sample> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(SampleSerializerSnapshot.class);
        TypeSerializerSchemaCompatibility<Sample> compatibility = serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    }

    @Test
    void serialize_samplesOfOneSeries_encodeItsLabelsOnce() throws IOException {
        Series series = new Series("default", 42, new String[] {"__name__", "host"}, new String[] {"cpu_temp", "h-1"});
        Sample first = new Sample(series, MetricKind.GAUGE, T, 1, null, T);
        serializer.serialize(first, new DataOutputSerializer(64));
        byte[] blob = series.blob();

        serializer.serialize(new Sample(series, MetricKind.GAUGE, T + 10_000, 2, null, T), new DataOutputSerializer(64));

        assertThat(series.blob()).isSameAs(blob);
        assertThat(Series.decode(42, blob)).isEqualTo(series);
    }

    @Test
    void deserialize_seriesReadBack_keepsItsBlobAndSharesOneSeries() throws IOException {
        List<Sample> read = roundTrip(List.of(gauge("default", 42, "h-1", 1, T), gauge("default", 42, "h-1", 2, T + 10_000)));

        assertThat(read.get(1).series()).isSameAs(read.get(0).series());
        assertThat(read.get(0).series().blob()).isEqualTo(gauge("default", 42, "h-1", 1, T).series().blob());
    }

    @Test
    void deserialize_twoSeriesSharingACacheSet_bothStayCached() throws IOException {
        // Ids 1 and 1 + 2^14 fall in one set of the two-way cache: alternating, neither evicts the other.
        List<Sample> read = roundTrip(List.of(gauge("default", 1, "h-1", 1, T), gauge("default", 1 + (1 << 14), "h-2", 2, T),
                gauge("default", 1, "h-1", 3, T), gauge("default", 1 + (1 << 14), "h-2", 4, T)));

        assertThat(read.get(2).series()).isSameAs(read.get(0).series());
        assertThat(read.get(3).series()).isSameAs(read.get(1).series());
    }

    @Test
    void decode_truncatedBlob_isAnIOExceptionNamingTheSeries() {
        byte[] blob = new Series("default", 5, new String[] {"__name__"}, new String[] {"cpu_temp"}).blob();

        assertThatThrownBy(() -> Series.decode(5, java.util.Arrays.copyOf(blob, blob.length - 2)))
                .isInstanceOf(IOException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Series.decode(5, java.util.Arrays.copyOf(blob, blob.length + 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("series 5");
    }
}
