package io.strata.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.FrameBuilder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.core.SdkBytes;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KinesisFrameDeserializerTest {

    private static final RemoteWriteDecoder DECODER = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault());

    @ParameterizedTest(name = "partition key ''{0}'' → {1}")
    @CsvSource({
            "team-b/gs-1, team-b",
            "team-b/gs-1/x, team-b",
    })
    void tenantNameOf_fromPartitionKey_prefixBeforeFirstSlash(String partitionKey, String tenant) {
        assertThat(new KinesisFrameDeserializer(DECODER, "default", true).tenantNameOf(partitionKey))
                .isEqualTo(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "partition key ''{0}'' → the default tenant")
    @CsvSource({"gs-1", "/gs-1"})
    void tenantNameOf_noPrefix_none(String partitionKey) {
        assertThat(new KinesisFrameDeserializer(DECODER, "default", true).tenantNameOf(partitionKey)).isNull();
    }

    @Test
    void tenantNameOf_partitionKeyTenantsOff_none() {
        assertThat(new KinesisFrameDeserializer(DECODER, "acme", false).tenantNameOf("team-b/gs-1")).isNull();
    }

    @Test
    void deserialize_oneRecord_allItsSamplesWithTenantAndOrigin() throws Exception {
        long now = System.currentTimeMillis();
        byte[] frame = FrameBuilder.frame()
                .series("__name__", "a", "instance", "gs-1:9100", "job", "j").sample(now - 2000, 1).sample(now - 1000, 2)
                .series("__name__", "b", "instance", "gs-1:9100", "job", "j").sample(now - 1000, 3)
                .build();
        Record record = Record.builder().partitionKey("team-b/gs-1").sequenceNumber("4967").data(SdkBytes.fromByteArray(frame)).build();
        List<SourceRecord> out = new ArrayList<>();

        new KinesisFrameDeserializer(DECODER, "default", true).deserialize(record, "arn", "shardId-000000000001", new ListCollector(out));

        assertThat(out).hasSize(3).allSatisfy(r -> assertThat(r.sample().tenant()).isEqualTo("team-b"));
    }

    private record ListCollector(List<SourceRecord> out) implements Collector<SourceRecord> {
        @Override
        public void collect(SourceRecord record) {
            out.add(record);
        }

        @Override
        public void close() {}
    }
}
