package io.strata.pipeline.source;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.decode.TenantNames;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.TestFrames;
import io.strata.pipeline.testutils.TestSeries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaFrameDeserializerTest {

    private static final TestSeries PLAYERS = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver");
    private final KafkaFrameDeserializer deserializer =
            new KafkaFrameDeserializer(RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault()), "default");

    /** A tenant reaches HTTP headers (send-tenant-header), metric labels and paths: a CR/LF one never gets that far. */
    @ParameterizedTest(name = "X-Scope-OrgID \"{0}\"")
    @ValueSource(strings = {"acme\r\nX-Injected: 1", "t\u00e9nant", "acme/../../etc", ""})
    void deserialize_tenantMimirWouldRefuse_recordRejectedWholeUnderInvalidTenant(String tenant) {
        List<SourceRecord> out = deserialize(tenant.isEmpty() ? "x".repeat(151) : tenant, System.currentTimeMillis());

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.sample()).isNull();
            assertThat(r.rejected().reason()).isEqualTo(RejectReason.INVALID_TENANT);
            assertThat(r.rejected().tenant()).isEqualTo(TenantNames.INVALID_TENANT);
            assertThat(r.rejected().detail()).doesNotContain("X-Injected", "etc");
        });
    }

    @Test
    void deserialize_validTenant_samplesCarryItAndTheBrokerTimestampAsArrival() {
        long now = System.currentTimeMillis();
        List<SourceRecord> out = deserialize("team-b", now - 5_000);

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.sample().tenant()).isEqualTo("team-b");
            assertThat(r.sample().arrivalEpochMillis()).isEqualTo(now - 5_000);
        });
    }

    @Test
    void deserialize_brokerTimestampInTheFuture_arrivalIsTheTimeOfReading() {
        long now = System.currentTimeMillis();
        List<SourceRecord> out = deserialize("team-b", now + 3_600_000L);

        assertThat(out).singleElement().satisfies(r -> assertThat(r.sample().arrivalEpochMillis()).isBetween(now, now + 60_000));
    }

    private List<SourceRecord> deserialize(String tenant, long brokerTimestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaFrameDeserializer.TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
        byte[] frame = TestFrames.frame(PLAYERS.proto(T0, 1));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("frames", 0, 7L, brokerTimestamp, TimestampType.CREATE_TIME,
                0, frame.length, null, frame, headers, Optional.empty());
        List<SourceRecord> out = new ArrayList<>();
        deserializer.deserialize(record, new Collector<>() {
            @Override
            public void collect(SourceRecord r) {
                out.add(r);
            }

            @Override
            public void close() {}
        });
        return out;
    }
}
