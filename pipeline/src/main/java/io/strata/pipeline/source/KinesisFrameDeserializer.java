package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
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
 * keeps the default). The decoder checks the name; the record's {@code ApproximateArrivalTimestamp}
 * places its cold rejected and late rows.
 */
public final class KinesisFrameDeserializer implements KinesisDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    /** Separates the tenant from the host in a {@code tenant/host} partition key. */
    public static final char TENANT_SEPARATOR = '/';

    private final RemoteWriteDecoder decoder;
    private final String defaultTenant;
    private final boolean tenantFromPartitionKey;
    private transient Counter framesDecoded;

    public KinesisFrameDeserializer(RemoteWriteDecoder decoder, String defaultTenant, boolean tenantFromPartitionKey) {
        this.decoder = decoder;
        this.defaultTenant = defaultTenant;
        this.tenantFromPartitionKey = tenantFromPartitionKey;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        framesDecoded = Accounting.counter(context.getMetricGroup(), Accounting.FRAMES_DECODED);
    }

    @Override
    public void deserialize(Record record, String stream, String shardId, Collector<SourceRecord> out) {
        long now = System.currentTimeMillis();
        String origin = "kinesis:" + shardId + "@" + record.sequenceNumber();
        Instant arrived = record.approximateArrivalTimestamp();
        boolean decoded = decoder.decode(record.data().asByteArray(), tenantNameOf(record.partitionKey()), defaultTenant,
                decoder.arrival(origin, arrived == null ? Rejected.NO_TIMESTAMP : arrived.toEpochMilli(), now), now, out::collect);
        if (decoded && framesDecoded != null) {
            framesDecoded.inc();
        }
    }

    /** The tenant name a record with this partition key carries (the decoder checks it), or {@code null} for the default. */
    public byte[] tenantNameOf(String partitionKey) {
        if (!tenantFromPartitionKey || partitionKey == null) {
            return null;
        }
        int slash = partitionKey.indexOf(TENANT_SEPARATOR);
        return slash <= 0 ? null : partitionKey.substring(0, slash).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return SourceRecord.TYPE;
    }
}
