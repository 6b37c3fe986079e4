package io.strata.pipeline.record;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.state.CascadeWindow;
import io.strata.pipeline.state.RuleSeriesWindow;
import io.strata.pipeline.state.SeriesIdentity;
import io.strata.pipeline.state.SeriesRollupSerializer;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The records that travel between operators or sit in state are Flink POJOs (Sample has its own serializer), never Kryo. */
class RecordTypesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(classes = {
        Rejected.class, SourceRecord.class, Rollup.class, LateSample.class,
        NativeHistogram.class, RawFrame.class, SeriesIdentity.class, HistogramWindowAggregate.class, CascadeWindow.class,
        RulePartial.class, RuleSeriesWindow.class})
    void typeInformation_record_isPojoWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }

    // ---- SeriesRollupSerializer --------------------------------------------------------------

    /** A counter with a value carried over and two open windows (the watermark trails the boundary). */
    private static SeriesRollup counterWithTwoOpenWindows() {
        SeriesRollup rollup = new SeriesRollup(MINUTE, MetricKind.COUNTER);
        rollup.add(T0 + 10 * SECOND, 100);
        rollup.add(T0 + 50 * SECOND, 90);
        rollup.add(T0 + 70 * SECOND, 120);
        return rollup;
    }

    /**
     * {@link #counterWithTwoOpenWindows()} in layout version 1 (Strata commit 6fcbdc6), worked out
     * field by field as {@code SeriesRollupSerializer} lays it out: big-endian longs, IEEE 754 doubles. State
     * written by earlier jobs must keep reading back, so these bytes never change.
     */
    private static final String V1_BYTES = "01" // layout version
            + "000000000000ea60" // windowMillis 60000
            + "01" // kind COUNTER (ordinal 1)
            + "01" // hasLast
            + "000001a21527f570" // last timestamp T0 + 70 s
            + "405e000000000000" // last value 120.0
            + "00000002" // two open windows
            // [T0, T0 + 1m): count 2, sum 190, min 90, max 100, last 90, increase 90 (reset), firstRaw 100, resets 1
            + "000001a21526e400" + "000001a21527ce60" + "0000000000000002" + "4067c00000000000"
            + "4056800000000000" + "4059000000000000" + "4056800000000000" + "4056800000000000"
            + "4059000000000000" + "0000000000000001"
            // [T0 + 1m, T0 + 2m): count 1, sum 120, min 120, max 120, last 120, increase 30, firstRaw 120, resets 0
            + "000001a21527ce60" + "000001a21528b8c0" + "0000000000000001" + "405e000000000000"
            + "405e000000000000" + "405e000000000000" + "405e000000000000" + "403e000000000000"
            + "405e000000000000" + "0000000000000000";

    @Test
    void serialize_seriesRollup_roundTrips() throws IOException {
        SeriesRollup rollup = counterWithTwoOpenWindows();

        SeriesRollup copy = roundTrip(rollup);

        assertThat(copy).isEqualTo(rollup);
        assertThat(copy.closeUpTo(T0 + 2 * MINUTE)).isEqualTo(rollup.closeUpTo(T0 + 2 * MINUTE));
    }

    @Test
    void serialize_seriesRollup_writesLayoutVersion1() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);

        SeriesRollupSerializer.INSTANCE.serialize(counterWithTwoOpenWindows(), out);

        assertThat(HexFormat.of().formatHex(out.getCopyOfBuffer())).isEqualTo(V1_BYTES);
    }

    @Test
    void deserialize_version1Bytes_readsTheRollup() throws IOException {
        byte[] stored = HexFormat.of().parseHex(V1_BYTES);

        SeriesRollup read = SeriesRollupSerializer.INSTANCE.deserialize(new DataInputDeserializer(stored));

        assertThat(read).isEqualTo(counterWithTwoOpenWindows());
    }

    @Test
    void deserialize_unknownVersion_throwsNamingIt() {
        byte[] stored = HexFormat.of().parseHex("07" + V1_BYTES.substring(2));

        assertThatThrownBy(() -> SeriesRollupSerializer.INSTANCE.deserialize(new DataInputDeserializer(stored)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 7");
    }

    @Test
    void copy_betweenViews_keepsTheBytes() throws IOException {
        DataOutputSerializer original = new DataOutputSerializer(64);
        SeriesRollupSerializer.INSTANCE.serialize(counterWithTwoOpenWindows(), original);
        DataOutputSerializer copied = new DataOutputSerializer(64);

        SeriesRollupSerializer.INSTANCE.copy(new DataInputDeserializer(original.getCopyOfBuffer()), copied);

        assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
    }

    @Test
    void copy_seriesRollup_isDeepAndIndependent() {
        SeriesRollup rollup = counterWithTwoOpenWindows();

        SeriesRollup copy = SeriesRollupSerializer.INSTANCE.copy(rollup);
        copy.add(T0 + 80 * SECOND, 130);

        assertThat(copy).isNotEqualTo(rollup);
        assertThat(rollup).isEqualTo(counterWithTwoOpenWindows());
    }

    @Test
    void snapshot_writtenAndReadBack_isCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SeriesRollupSerializer.INSTANCE.snapshotConfiguration());

        TypeSerializerSnapshot<SeriesRollup> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(SeriesRollupSerializer.Snapshot.class);
        TypeSerializerSchemaCompatibility<SeriesRollup> compatibility =
                SeriesRollupSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        TypeSerializer<SeriesRollup> restoredSerializer = restored.restoreSerializer();
        assertThat(restoredSerializer).isEqualTo(SeriesRollupSerializer.INSTANCE);
    }

    private static SeriesRollup roundTrip(SeriesRollup rollup) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SeriesRollupSerializer.INSTANCE.serialize(rollup, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        SeriesRollup read = SeriesRollupSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).isZero();
        return read;
    }
}
