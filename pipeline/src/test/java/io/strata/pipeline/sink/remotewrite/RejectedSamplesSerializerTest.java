package io.strata.pipeline.sink.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Rejected;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RejectedSamplesSerializerTest {

    private final RejectedSamplesSerializer serializer = new RejectedSamplesSerializer();

    private static final Rejected SAMPLE = new Rejected("team-a", RejectReason.REMOTE_WRITE_REJECTED, "400 out of bounds",
            new String[] {"__name__", "job"}, new String[] {"up", "gs"}, new String[0], 1_795_651_200_000L, 1_795_651_200_000L, 2.5, 1, 0,
            null, 1_795_651_260_000L, Rejected.NO_TIMESTAMP);

    @Test
    void serialize_thenDeserialize_givesAnEqualRecord() throws IOException {
        Rejected frame = Rejected.frame("team-b", RejectReason.REMOTE_WRITE_PERMANENT_ERROR, null, 12, 4096,
                new io.strata.pipeline.record.Arrival("kafka:frames-2@1041", 5L, 7L));
        String longValue = "v".repeat(70_000);
        Rejected longLabel = new Rejected("", RejectReason.REMOTE_WRITE_REJECTED, "400", new String[] {"__name__", "big"},
                new String[] {"x", longValue}, new String[] {"email"}, -1L, 3L, Double.NaN, 2, 0, null, 0L, 9L);

        for (Rejected r : new Rejected[] {SAMPLE, frame, longLabel}) {
            assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(r))).isEqualTo(r);
        }
    }

    /** Version 1 bytes, written by this serializer (Flink StringValue strings, presence flags, big-endian numbers). */
    @Test
    void deserialize_version1Bytes_stillReadable() throws IOException {
        byte[] version1 = HexFormat.of().parseHex(VERSION_1_HEX);

        Rejected rejected = serializer.deserialize(RejectedSamplesSerializer.VERSION_1, version1);

        assertThat(rejected).isEqualTo(SAMPLE);
    }

    @Test
    void deserialize_unknownVersion_failsNamingIt() {
        assertThatThrownBy(() -> serializer.deserialize(3, new byte[4])).isInstanceOf(IOException.class).hasMessageContaining("version 3");
    }

    private static final String VERSION_1_HEX = "077465616d2d61" // "team-a"
            + "1672656d6f74655f77726974655f72656a6563746564" // "remote_write_rejected"
            + "01" + "12343030206f7574206f6620626f756e6473" // detail "400 out of bounds"
            + "01" + "00000002" + "095f5f6e616d655f5f" + "046a6f62" // names __name__, job
            + "01" + "00000002" + "037570" + "03" + "6773" // values up, gs
            + "01" + "00000000" // no redacted labels
            + "000001a21526e400" + "4004000000000000" + "0000000000000001" // timestamp, 2.5, 1 sample
            + "00" + "000001a21527ce60"; // no origin, observed at
}
