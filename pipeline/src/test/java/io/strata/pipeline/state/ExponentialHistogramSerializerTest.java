package io.strata.pipeline.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.histogram.Base2ExponentialIndexer;
import io.strata.operators.histogram.ExponentialHistogram;
import java.io.IOException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExponentialHistogramSerializerTest {

    private static final ExponentialHistogramSerializer SERIALIZER = ExponentialHistogramSerializer.INSTANCE;

    /**
     * Layout version 1 of {@link #versionOneSample()}, written by the first build that had this
     * serializer; it must stay readable for as long as savepoints of that build may exist.
     */
    private static final String VERSION_1_BYTES = "010f0010143e112e0be826d6953e112e0be826d69508408f4c0000000000"
            + "c01c000000000000408f400000000000010c03010102010000000000000001010401";

    /** Recorded 0, 0.5, 1, 2, 2, 3, 1000 and -7 with 16 buckets and a zero threshold of 1e-9. */
    static ExponentialHistogram versionOneSample() {
        ExponentialHistogram h = ExponentialHistogram.builder().maxBuckets(16).zeroThreshold(1e-9).build();
        for (double v : new double[] {0, 0.5, 1, 2, 2, 3, 1000, -7}) {
            h.record(v);
        }
        return h;
    }

    static Stream<Arguments> histograms() {
        ExponentialHistogram recorded = ExponentialHistogram.create();
        for (int i = -500; i <= 5000; i += 7) {
            recorded.record(i * 0.37);
        }
        ExponentialHistogram fractional = ExponentialHistogram.builder().scale(3).zeroThreshold(0.001).zeroCount(0.5)
                .sum(-12.25).positive(Base2ExponentialIndexer.minIndex(3), 0.25, 0, 3.5)
                .negative(Base2ExponentialIndexer.maxIndex(3), 1e300).build();
        ExponentialHistogram wideScaleZero = ExponentialHistogram.builder().scale(-4).positive(60, 1, 2).build();
        ExponentialHistogram downscaled = ExponentialHistogram.create(4);
        for (double v : new double[] {1e-300, 1, 1e300}) {
            downscaled.record(v);
        }
        return Stream.of(
                Arguments.of("empty", ExponentialHistogram.create()),
                Arguments.of("recorded, both signs", recorded),
                Arguments.of("fractional counts, extreme offsets", fractional),
                Arguments.of("negative scale, no min/max", wideScaleZero),
                Arguments.of("reset state differs from current", downscaled),
                Arguments.of("version 1 sample", versionOneSample()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histograms")
    void serialize_anyHistogram_roundTrips(String name, ExponentialHistogram h) throws IOException {
        ExponentialHistogram back = roundTrip(h);

        assertThat(back.toString()).isEqualTo(h.toString());
        assertThat(back.maxBuckets()).isEqualTo(h.maxBuckets());
        assertThat(back.resetScale()).isEqualTo(h.resetScale());
        assertThat(back.resetZeroThreshold()).isEqualTo(h.resetZeroThreshold());
        assertThat(bytes(back)).isEqualTo(bytes(h));
    }

    @Test
    void deserialize_versionOneBytes_restoresTheSample() throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(HexFormat.of().parseHex(VERSION_1_BYTES));

        ExponentialHistogram restored = SERIALIZER.deserialize(in);

        assertThat(restored.toString()).isEqualTo(versionOneSample().toString());
        assertThat(restored.quantile(0.5)).isEqualTo(versionOneSample().quantile(0.5));
        assertThat(HexFormat.of().formatHex(bytes(restored))).isEqualTo(VERSION_1_BYTES);
    }

    @Test
    void deserialize_unknownVersion_failsNamingIt() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {9, 0, 0});

        assertThatThrownBy(() -> SERIALIZER.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessage("unknown ExponentialHistogram layout version 9; this build reads 1..1");
    }

    @Test
    void serialize_full160BucketHistogram_staysCompact() throws IOException {
        ExponentialHistogram h = ExponentialHistogram.builder().scale(3).positive(-40, counts(160, 90)).build();

        assertThat(bytes(h).length).isLessThanOrEqualTo(200);
    }

    @Test
    void snapshot_restoredFromBytes_isCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<ExponentialHistogram> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);

        TypeSerializerSnapshot<ExponentialHistogram> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        TypeSerializerSchemaCompatibility<ExponentialHistogram> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
    }

    @Test
    void copy_withReuse_reusesTheTarget() {
        ExponentialHistogram reuse = ExponentialHistogram.create();
        ExponentialHistogram from = versionOneSample();

        ExponentialHistogram copy = SERIALIZER.copy(from, reuse);

        assertThat(copy).isSameAs(reuse);
        assertThat(copy.toString()).isEqualTo(from.toString());
    }

    private static ExponentialHistogram roundTrip(ExponentialHistogram h) throws IOException {
        return SERIALIZER.deserialize(new DataInputDeserializer(bytes(h)));
    }

    private static byte[] bytes(ExponentialHistogram h) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        SERIALIZER.serialize(h, out);
        return out.getCopyOfBuffer();
    }

    private static double[] counts(int n, int max) {
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
            counts[i] = 1 + (i * 37) % max;
        }
        return counts;
    }
}
