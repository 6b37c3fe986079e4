package io.strata.pipeline.sink.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.pipeline.sink.cold.ColdDataset;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The S3 sink's values, names and serializers, without S3. */
class S3SinkValuesTest {

    @Test
    void committableSerializer_roundTrip_andVersion1BytesStillRead() throws Exception {
        S3CommittableSerializer serializer = new S3CommittableSerializer();
        S3Committable c = new S3Committable("b", "p/late/dt=2026-11-26/hour=10/part-0123456789ab-1-7-0.parquet", "u-1", 12_345,
                List.of("\"e1\"", "\"e2\""));

        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(c))).isEqualTo(c);
        // Version 1 as written by this build: a later version must still read it.
        byte[] v1 = HexFormat.of().parseHex("00016200036b2d3100027531000000000000303900000001000422653122");
        assertThat(serializer.deserialize(1, v1)).isEqualTo(new S3Committable("b", "k-1", "u1", 12_345, List.of("\"e1\"")));
        assertThat(serializer.serialize(new S3Committable("b", "k-1", "u1", 12_345, List.of("\"e1\"")))).isEqualTo(v1);
    }

    @Test
    void writerStateSerializer_roundTrip() throws Exception {
        S3WriterStateSerializer serializer = new S3WriterStateSerializer();
        S3WriterState state = new S3WriterState("0123456789ab", 3);

        assertThat(serializer.deserialize(1, serializer.serialize(state))).isEqualTo(state);
    }

    @Test
    void partFileName_formatsAndParsesBack_andIgnoresOtherKeys() {
        PartFileName name = new PartFileName("0123456789ab", 1, 42, 3);

        assertThat(name.toString()).isEqualTo("part-0123456789ab-1-42-3.parquet");
        assertThat(PartFileName.parseKey("strata/late/dt=2026-11-26/hour=10/" + name)).isEqualTo(name);
        assertThat(PartFileName.parseKey("strata/late/dt=2026-11-26/hour=10/part-abc-1-42-3.parquet")).isNull();
        assertThat(PartFileName.parseKey("strata/late/notes.txt")).isNull();
    }

    @Test
    void runId_differsByJobRestoredCheckpointAndParallelism_sameForTheSameRestore() {
        String run = PartFileName.runId("job-a", 7, 2);

        assertThat(PartFileName.isValidRunId(run)).isTrue();
        assertThat(PartFileName.runId("job-a", 7, 2)).isEqualTo(run);
        assertThat(List.of(PartFileName.runId("job-b", 7, 2), PartFileName.runId("job-a", 8, 2), PartFileName.runId("job-a", 7, 4)))
                .doesNotContain(run).doesNotHaveDuplicates();
    }

    @Test
    void location_parsesBucketAndPrefix() {
        assertThat(S3Location.parse("s3://bucket")).isEqualTo(new S3Location("bucket", ""));
        assertThat(S3Location.parse("s3://bucket/a/b")).isEqualTo(new S3Location("bucket", "a/b/"));
        assertThat(S3Location.parse("s3://bucket/a/b/")).isEqualTo(new S3Location("bucket", "a/b/"));
        assertThatThrownBy(() -> S3Location.parse("s3:///a")).hasMessageContaining("s3://bucket/prefix");
        assertThatThrownBy(() -> S3Location.parse("file:///a")).hasMessageContaining("s3://bucket/prefix");
    }

    @Test
    void clientSettings_toString_neverShowsTheSecret() {
        S3ClientSettings settings = S3ClientSettings.builder()
                .setEndpoint(URI.create("http://127.0.0.1:19096")).setPathStyle(true).setRegion("us-east-1")
                .setStaticCredentials("AKIDEXAMPLE", "very-secret").build();

        assertThat(settings.toString()).doesNotContain("very-secret").contains("AKIDEXAMPLE/<redacted>", "127.0.0.1:19096");
        assertThat(S3ColdSettings.defaults().toString()).contains("credentials=default chain");
        assertThatThrownBy(() -> S3ClientSettings.builder().setStaticCredentials("AKIDEXAMPLE", null).build())
                .hasMessageContaining("both an access key id and a secret access key");
    }

    @Test
    void builder_rejectsMissingAndOutOfRangeSettings() {
        assertThatThrownBy(() -> S3ParquetSink.builder().setDataset(ColdDataset.LATE, "late").build())
                .hasMessageContaining("setBasePath");
        assertThatThrownBy(() -> S3ParquetSink.builder().setBasePath("s3://b/p").build())
                .hasMessageContaining("setDataset");
        assertThatThrownBy(() -> sink().setPartSizeBytes(4L << 20).build()).hasMessageContaining("at least 5 MiB");
        assertThatThrownBy(() -> sink().setCodec(CompressionCodecName.GZIP).build()).hasMessageContaining("SNAPPY or ZSTD");
        assertThatThrownBy(() -> sink().setMaxFileBytes(0).build()).hasMessageContaining("positive");
        assertThat(sink().build().toString()).contains("s3://b/p/late", "SNAPPY", "8388608");
    }

    private static S3ParquetSinkBuilder sink() {
        return S3ParquetSink.builder().setBasePath("s3://b/p").setDataset(ColdDataset.LATE, "late");
    }
}
