package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
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

class RollupSerializerTest {

    private static final long T = 1_795_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final Series CPU = new Series("team-a", 42, new String[] {"__name__", "instance"}, new String[] {"cpu_temp", "gs-1"});
    private static final Series TICK = new Series("default", 43, new String[] {"__name__"}, new String[] {"tick_seconds"});

    private final TypeSerializer<Rollup> serializer = TypeInformation.of(Rollup.class).createSerializer(new SerializerConfigImpl());

    private static Rollup gauge(long start, double last) {
        return Rollup.ofFloat(CPU, "1m", new WindowAggregate(MetricKind.GAUGE, start, start + MINUTE, 6, 60, 1, 20, last,
                Double.NaN, Double.NaN, Double.NaN, 0));
    }

    private static Rollup histogram() {
        return Rollup.ofHistogram(TICK, "5m", new HistogramWindowAggregate(T, T + 5 * MINUTE, 6, 1, 30, 0.36, 3, 1e-9, 2, -55,
                new double[] {1, 2, 3}, 0, new double[0], 0.01, 0.05, 0.07, 0.09));
    }

    private List<Rollup> roundTrip(List<Rollup> rollups) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (Rollup rollup : rollups) {
            serializer.serialize(rollup, out);
        }
        TypeSerializer<Rollup> reader = serializer.duplicate();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Rollup> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(reader.deserialize(in));
        }
        return read;
    }

    @Test
    void typeInformation_rollup_isStratasOwnNotPojoOrKryo() {
        assertThat(TypeInformation.of(Rollup.class)).isInstanceOf(RollupTypeInfo.class);
        assertThat(serializer).isInstanceOf(RollupSerializer.class);
    }

    @Test
    void deserialize_floatHistogramAndCorrection_roundTripEveryField() throws IOException {
        List<Rollup> rollups = List.of(gauge(T, 3.5), histogram(), gauge(T, 4.5).withRevision(2));

        List<Rollup> read = roundTrip(rollups);

        assertThat(read).containsExactlyElementsOf(rollups);
        assertThat(read.get(2).revision()).isEqualTo(2);
        assertThat(read.get(1).histogram().positiveCounts()).containsExactly(1, 2, 3);
        assertThat(read.get(1).aggregate().kind()).isEqualTo(MetricKind.HISTOGRAM);
    }

    @Test
    void deserialize_rollupsOfOneSeries_shareOneSeries() throws IOException {
        List<Rollup> read = roundTrip(List.of(gauge(T, 1), gauge(T + MINUTE, 2)));

        assertThat(read.get(1).series()).isSameAs(read.get(0).series()).isEqualTo(CPU);
    }

    @Test
    void copy_serializedForm_readsBackTheSameRollups() throws IOException {
        DataOutputSerializer original = new DataOutputSerializer(256);
        serializer.serialize(gauge(T, 1), original);
        serializer.serialize(histogram(), original);
        DataInputDeserializer in = new DataInputDeserializer(original.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(256);
        serializer.copy(in, copied);
        serializer.copy(in, copied);

        assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    @Test
    void copy_histogramRollup_copiesTheHistogramNotTheSeries() {
        Rollup rollup = histogram();

        Rollup copy = serializer.copy(rollup);

        assertThat(copy).isEqualTo(rollup);
        assertThat(copy.histogram()).isNotSameAs(rollup.histogram());
        assertThat(copy.series()).isSameAs(rollup.series());
        assertThat(serializer.copy(gauge(T, 1)).series()).isSameAs(CPU);
    }

    @Test
    void snapshot_writtenAndReadBack_isCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

        TypeSerializerSnapshot<Rollup> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(RollupSerializerSnapshot.class);
        TypeSerializerSchemaCompatibility<Rollup> compatibility = serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    }
}
