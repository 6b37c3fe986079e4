package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes each Kafka record as one remote_write frame inside the source, so that watermarks are
 * generated per partition from the samples' timestamps. The tenant comes from the
 * {@value #TENANT_HEADER} header, else the configured default.
 */
public final class KafkaFrameDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    /** The tenant header of Cortex, Mimir and the remote_write gateway. */
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    private final RemoteWriteDecoder decoder;
    private final String defaultTenant;

    public KafkaFrameDeserializer(RemoteWriteDecoder decoder, String defaultTenant) {
        this.decoder = decoder;
        this.defaultTenant = defaultTenant;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        String origin = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        decoder.decode(record.value(), tenantOf(record), origin, System.currentTimeMillis(), out::collect);
    }

    private String tenantOf(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(TENANT_HEADER);
        if (header == null || header.value() == null || header.value().length == 0) {
            return defaultTenant;
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
