package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.SourceRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decodes each Kafka record as one remote_write frame inside the source, so that watermarks are
 * generated per partition from the samples' timestamps. The tenant comes from the
 * {@value #TENANT_HEADER} header (checked by the decoder), else the configured default; the
 * record's timestamp places its cold rejected and late rows.
 */
public final class KafkaFrameDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    /** The tenant header of Cortex, Mimir and the remote_write gateway. */
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    private final RemoteWriteDecoder decoder;
    private final String defaultTenant;
    private transient Counter framesDecoded;

    public KafkaFrameDeserializer(RemoteWriteDecoder decoder, String defaultTenant) {
        this.decoder = decoder;
        this.defaultTenant = defaultTenant;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        framesDecoded = Accounting.counter(context.getMetricGroup(), Accounting.FRAMES_DECODED);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        long now = System.currentTimeMillis();
        String origin = "kafka:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        Header header = record.headers().lastHeader(TENANT_HEADER);
        boolean decoded = decoder.decode(record.value(), header == null ? null : header.value(), defaultTenant,
                decoder.arrival(origin, record.timestamp(), now), now, out::collect);
        if (decoded && framesDecoded != null) {
            framesDecoded.inc();
        }
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return SourceRecord.TYPE;
    }
}
