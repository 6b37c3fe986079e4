package io.strata.pipeline.sink.cold.file;

import io.strata.pipeline.sink.cold.ColdDataset;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Places each row in {@code <prefix>[<folder field>]/dt=YYYY-MM-DD/hour=HH} by the UTC date and
 * hour of its time field ({@link ColdDataset#timeField()}: a rollup's window start, a rejected or
 * late row's arrival), e.g. {@code resolution=5m/dt=2026-11-26/hour=21} for prefix {@code
 * resolution=} and folder field {@code resolution}.
 */
public final class TimePartitionBucketAssigner implements BucketAssigner<GenericRecord, String> {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

    private final String prefix;
    private final String folderField;
    private final String timeField;

    /** @param folderField a field whose value is appended to {@code prefix}, or null */
    public TimePartitionBucketAssigner(String prefix, String folderField, String timeField) {
        this.prefix = prefix;
        this.folderField = folderField;
        this.timeField = timeField;
    }

    /** The assigner of one dataset's rows under {@code prefix}. */
    public static TimePartitionBucketAssigner of(String prefix, ColdDataset dataset) {
        return new TimePartitionBucketAssigner(prefix, dataset.folderField(), dataset.timeField());
    }

    @Override
    public String getBucketId(GenericRecord row, Context context) {
        String folder = folderField == null ? prefix : prefix + row.get(folderField);
        return folder + "/" + partitionOf((Long) row.get(timeField));
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
