package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kinesis.source.serialization.KinesisDeserializationSchema;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Record;
import org.apache.flink.util.Collector;

/**
 * Decodes each Kinesis record as one remote_write frame inside the source, so that watermarks are
 * generated per shard from the samples' timestamps (the Kafka path does the same per partition).
 *
 * <p>Kinesis records carry no headers. The tenant is the configured default, unless
 * {@code tenantFromPartitionKey} is set and the partition key has the form {@code tenant/host}:
 * then it is the part before the first {@code /} (a key without {@code /}, or starting with one,
 * keeps the default).
 */
public final class KinesisFrameDeserializer implements KinesisDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    /** Separates the tenant from the host in a {@code tenant/host} partition key. */
    public static final char TENANT_SEPARATOR = '/';

    private final RemoteWriteDecoder decoder;
    private final String defaultTenant;
    private final boolean tenantFromPartitionKey;

    public KinesisFrameDeserializer(RemoteWriteDecoder decoder, String defaultTenant, boolean tenantFromPartitionKey) {
        this.decoder = decoder;
        this.defaultTenant = defaultTenant;
        this.tenantFromPartitionKey = tenantFromPartitionKey;
    }

    @Override
    public void deserialize(Record record, String stream, String shardId, Collector<SourceRecord> out) {
        String origin = "kinesis:" + shardId + "@" + record.sequenceNumber();
        decoder.decode(record.data().asByteArray(), tenantOf(record.partitionKey()), origin, System.currentTimeMillis(), out::collect);
    }

    /** The tenant of a record with this partition key. */
    public String tenantOf(String partitionKey) {
        if (!tenantFromPartitionKey || partitionKey == null) {
            return defaultTenant;
        }
        int slash = partitionKey.indexOf(TENANT_SEPARATOR);
        return slash <= 0 ? defaultTenant : partitionKey.substring(0, slash);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
