package io.strata.pipeline.state;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.rollup.HistogramSeriesRollup;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class HistogramSeriesRollupSerializerTest {

    private static ExponentialHistogram cumulative(double sum, double... counts) {
        return ExponentialHistogram.builder().scale(0).sum(sum).positive(0, counts).build();
    }

    /** A reset in the first window and a second window open (the watermark trails the boundary). */
    private static HistogramSeriesRollup twoOpenWindows() {
        HistogramSeriesRollup rollup = new HistogramSeriesRollup(MINUTE, 160);
        rollup.add(T0 + 10 * SECOND, cumulative(4, 1, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 50 * SECOND, cumulative(3, 1), ResetHint.UNKNOWN);
        rollup.add(T0 + 70 * SECOND, cumulative(14, 2, 2, 1), ResetHint.UNKNOWN);
        return rollup;
    }

    /**
     * {@link #twoOpenWindows()} in layout version 1, read field by field as {@link
     * HistogramSeriesRollupSerializer} lays it out (big-endian longs and ints) with each histogram in {@link
     * ExponentialHistogramSerializer}'s version 1 layout (version, flags, scale, varint maxBuckets
     * 160 = a001, [reset scale and zero threshold], varint count, double sum, varint zero count,
     * varint length, zigzag offset, varint counts, then the negative side). State written by
     * earlier jobs must keep reading back, so these bytes never change.
     */
    private static final String V1_BYTES = "01" // layout version
            + "000000000000ea60" + "000000a0" // windowMillis 60000, maxBuckets 160
            + "01" + "000001a21527f570" // a previous sample, at T0 + 70 s
            // previous: flags 02 (whole counts), scale 0, count 5, sum 14, zero count 0, buckets 0: (2, 2, 1)
            + "01" + "02" + "00" + "a001" + "05" + "402c000000000000" + "00" + "03" + "00" + "020201" + "00"
            + "00000002" // two open windows
            // [T0, T0 + 1m): 2 samples, 1 reset; delta (1) with sum 3 (the histogram after the reset)
            + "000001a21526e400" + "000001a21527ce60" + "0000000000000002" + "0000000000000001"
            // flags 0a (whole counts, reset state: scale 20 = 14, threshold 0), scale 0, count 1, sum 3
            + "01" + "0a" + "00" + "a001" + "14" + "0000000000000000" + "01" + "4008000000000000" + "00"
            + "01" + "00" + "01" + "00"
            // [T0 + 1m, T0 + 2m): 1 sample, no reset; delta (2, 2, 1) − (1) = (1, 2, 1), sum 14 − 3
            + "000001a21527ce60" + "000001a21528b8c0" + "0000000000000001" + "0000000000000000"
            + "01" + "0a" + "00" + "a001" + "14" + "0000000000000000" + "04" + "4026000000000000" + "00"
            + "03" + "00" + "010201" + "00";

    @Test
    void serialize_roundTrips() throws IOException {
        HistogramSeriesRollup rollup = twoOpenWindows();

        HistogramSeriesRollup copy = roundTrip(rollup);

        assertThat(bytes(copy)).isEqualTo(bytes(rollup));
        assertThat(copy.closeUpTo(T0 + 2 * MINUTE)).isEqualTo(rollup.closeUpTo(T0 + 2 * MINUTE));
    }

    @Test
    void serialize_emptyRollup_roundTrips() throws IOException {
        HistogramSeriesRollup rollup = new HistogramSeriesRollup(MINUTE, 40);

        assertThat(bytes(roundTrip(rollup))).isEqualTo(bytes(rollup));
    }

    @Test
    void serialize_writesLayoutVersion1() throws IOException {
        assertThat(HexFormat.of().formatHex(bytes(twoOpenWindows()))).isEqualTo(V1_BYTES);
    }

    @Test
    void deserialize_unknownVersion_throwsNamingIt() throws IOException {
        byte[] stored = bytes(twoOpenWindows());
        stored[0] = 7;

        assertThatThrownBy(() -> HistogramSeriesRollupSerializer.INSTANCE.deserialize(new DataInputDeserializer(stored)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 7");
    }

    @Test
    void copy_isDeepAndIndependent() throws IOException {
        HistogramSeriesRollup rollup = twoOpenWindows();

        HistogramSeriesRollup copy = HistogramSeriesRollupSerializer.INSTANCE.copy(rollup);
        copy.add(T0 + 80 * SECOND, cumulative(30, 4, 4, 4), ResetHint.UNKNOWN);

        assertThat(bytes(copy)).isNotEqualTo(bytes(rollup));
        assertThat(bytes(rollup)).isEqualTo(bytes(twoOpenWindows()));
    }

    @Test
    void snapshot_writtenAndReadBack_isCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, HistogramSeriesRollupSerializer.INSTANCE.snapshotConfiguration());

        TypeSerializerSnapshot<HistogramSeriesRollup> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializerSchemaCompatibility<HistogramSeriesRollup> compatibility =
                HistogramSeriesRollupSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(HistogramSeriesRollupSerializer.INSTANCE);
    }

    private static byte[] bytes(HistogramSeriesRollup rollup) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        HistogramSeriesRollupSerializer.INSTANCE.serialize(rollup, out);
        return out.getCopyOfBuffer();
    }

    private static HistogramSeriesRollup roundTrip(HistogramSeriesRollup rollup) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes(rollup));
        HistogramSeriesRollup read = HistogramSeriesRollupSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).isZero();
        return read;
    }
}
