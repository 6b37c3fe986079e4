package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.TestSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class HeldSampleChunksTest {

    private static final TypeSerializer<Sample> SAMPLES = TypeInformation.of(Sample.class).createSerializer(new SerializerConfigImpl());
    private static final TestSeries PLAYERS = TestSeries.ofTenant("team-a", "__name__", "players", "instance", "gs-1:9100");
    private static final TestSeries LATENCY = TestSeries.of("__name__", "action_ack_latency_seconds", "instance", "gs-2:9100");
    private static final NativeHistogram HISTOGRAM = new NativeHistogram(3, 1e-9, 0, 10, 0.12, new int[] {-54}, new int[] {3},
            new double[] {2, 5, 3}, new int[0], new int[0], new double[0], 0, false);

    private static List<Sample> unpack(List<byte[]> chunks) throws IOException {
        List<Sample> restored = new ArrayList<>();
        HeldSampleChunks.unpack(chunks, SAMPLES, restored::add);
        return restored;
    }

    @Test
    void packThenUnpack_manySamplesOverSeveralChunks_comeBackEqualAndInOrder() throws IOException {
        List<Sample> held = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            held.add(i % 3 == 0 ? LATENCY.histogram(T0 + i, HISTOGRAM) : PLAYERS.gauge(T0 + i, i));
        }

        List<byte[]> chunks = HeldSampleChunks.pack(held, SAMPLES);

        assertThat(chunks).hasSizeGreaterThan(1)
                .allSatisfy(chunk -> assertThat(chunk.length).isLessThan(HeldSampleChunks.CHUNK_BYTES + 4_096));
        assertThat(unpack(chunks)).isEqualTo(held);
    }

    @Test
    void pack_nothingHeld_noChunks() throws IOException {
        assertThat(HeldSampleChunks.pack(List.of(), SAMPLES)).isEmpty();
        assertThat(unpack(List.of())).isEmpty();
    }

    @Test
    void unpack_anotherFormatVersion_failsNamingIt() throws IOException {
        byte[] chunk = HeldSampleChunks.pack(List.of(PLAYERS.gauge(T0, 1)), SAMPLES).get(0);
        chunk[0] = 2;

        assertThatThrownBy(() -> unpack(List.of(chunk))).isInstanceOf(IOException.class)
                .hasMessageContaining("version 2").hasMessageContaining("reads version 1");
    }

    @Test
    void unpack_bytesAfterTheCountedSamples_fails() throws IOException {
        DataOutputSerializer plain = new DataOutputSerializer(256);
        plain.writeInt(1);
        SAMPLES.serialize(PLAYERS.gauge(T0, 1), plain);
        plain.write(new byte[3]);
        byte[] compressed = Snappy.compress(plain.getCopyOfBuffer());
        byte[] chunk = new byte[compressed.length + 1];
        chunk[0] = HeldSampleChunks.VERSION;
        System.arraycopy(compressed, 0, chunk, 1, compressed.length);

        assertThatThrownBy(() -> unpack(List.of(chunk))).isInstanceOf(IOException.class).hasMessageContaining("3 bytes after its 1 samples");
    }

    @Test
    void pack_samplesOfRecurringSeries_takeAFractionOfTheirSerializedBytes() throws IOException {
        List<Sample> held = new ArrayList<>();
        DataOutputSerializer serialized = new DataOutputSerializer(1 << 20);
        for (int i = 0; i < 20_000; i++) {
            TestSeries series = TestSeries.of("__name__", "players", "instance", "gs-" + (i % 300) + ":9100", "region", "eu-west-1",
                    "cluster", "eu-west-1-gs-" + (i % 7), "build_id", "b4100");
            Sample sample = series.gauge(T0 + i * 10L, i % 50);
            held.add(sample);
            SAMPLES.serialize(sample, serialized);
        }

        long packed = HeldSampleChunks.pack(held, SAMPLES).stream().mapToLong(chunk -> chunk.length).sum();

        // Flink reads operator state a byte per call: the bytes are the restore time.
        assertThat(packed).isLessThan(serialized.length() / 3);
    }
}
