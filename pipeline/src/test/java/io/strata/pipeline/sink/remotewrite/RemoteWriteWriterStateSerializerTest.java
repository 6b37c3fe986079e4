package io.strata.pipeline.sink.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RemoteWriteWriterStateSerializerTest {

    private final RemoteWriteWriterStateSerializer serializer = new RemoteWriteWriterStateSerializer();

    @Test
    void serialize_thenDeserialize_givesEqualArrays() throws IOException {
        RemoteWriteWriterState state = new RemoteWriteWriterState(new long[] {-1L, 42L, Long.MIN_VALUE}, new long[] {0L, 1_795_651_200_000L, -5L});

        RemoteWriteWriterState copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(copy.series()).containsExactly(state.series());
        assertThat(copy.timestamps()).containsExactly(state.timestamps());
    }

    /** Version 1 bytes, written by this serializer: int count, then (series, timestamp) longs, big-endian. */
    @Test
    void deserialize_version1Bytes_stillReadable() throws IOException {
        byte[] version1 = HexFormat.of().parseHex("00000001" + "000000000000002a" + "000001a21526e400");

        RemoteWriteWriterState state = serializer.deserialize(RemoteWriteWriterStateSerializer.VERSION_1, version1);

        assertThat(state.series()).containsExactly(42L);
        assertThat(state.timestamps()).containsExactly(1_795_651_200_000L);
        assertThat(serializer.serialize(state)).isEqualTo(version1);
    }

    @Test
    void deserialize_unknownVersion_failsNamingIt() {
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[4])).isInstanceOf(IOException.class).hasMessageContaining("version 2");
    }
}
