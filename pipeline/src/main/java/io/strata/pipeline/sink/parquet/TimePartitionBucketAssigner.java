package io.strata.pipeline.sink.parquet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Places each row in {@code <prefix>/dt=YYYY-MM-DD/hour=HH} by the UTC date and hour of its
 * time field (event time, never arrival time, unless the row has none).
 */
public final class TimePartitionBucketAssigner implements BucketAssigner<GenericRecord, String> {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    private final String prefix;
    private final String timeField;
    private final String fallbackTimeField;

    public TimePartitionBucketAssigner(String prefix, String timeField, String fallbackTimeField) {
        this.prefix = prefix;
        this.timeField = timeField;
        this.fallbackTimeField = fallbackTimeField;
    }

    @Override
    public String getBucketId(GenericRecord row, Context context) {
        Object time = row.get(timeField);
        if (time == null && fallbackTimeField != null) {
            time = row.get(fallbackTimeField);
        }
        return prefix + "/" + partitionOf((Long) time);
    }

    /** {@code dt=YYYY-MM-DD/hour=HH} of an instant, UTC. */
    public static String partitionOf(long epochMillis) {
        return PARTITION.format(Instant.ofEpochMilli(epochMillis));
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
