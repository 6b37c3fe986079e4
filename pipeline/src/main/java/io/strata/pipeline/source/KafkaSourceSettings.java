package io.strata.pipeline.source;

import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import java.io.Serializable;
import java.util.Objects;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * Settings of the Kafka source of remote_write frames, and the {@link KafkaSource} they make.
 *
 * @param startFromEarliest read the topic from the beginning when the group has no committed offset
 * @param bounded stop at the offsets that are latest when the job starts (tests, backfills, demos)
 * @param timeRange read only the records whose Kafka timestamps fall in this range (a backfill),
 *     or {@code null} for the committed offsets onwards
 */
public record KafkaSourceSettings(
        String bootstrapServers,
        String topic,
        String groupId,
        boolean startFromEarliest,
        boolean bounded,
        String defaultTenant,
        Properties extraProperties,
        TimeRange timeRange) implements Serializable {

    /** Kafka record timestamps {@code [fromEpochMillis, toEpochMillis)}. */
    public record TimeRange(long fromEpochMillis, long toEpochMillis) implements Serializable {}

    public KafkaSourceSettings(String bootstrapServers, String topic, String groupId, boolean startFromEarliest, boolean bounded,
            String defaultTenant, Properties extraProperties) {
        this(bootstrapServers, topic, groupId, startFromEarliest, bounded, defaultTenant, extraProperties, null);
    }

    /**
     * The same source reading only records with timestamps in {@code range}, then stopping, in a
     * consumer group of its own so that the live job's committed offsets stay as they are.
     */
    public KafkaSourceSettings withTimeRange(TimeRange range) {
        return new KafkaSourceSettings(bootstrapServers, topic, groupId + "-backfill-" + range.fromEpochMillis(), startFromEarliest, true,
                defaultTenant, extraProperties, range);
    }

    public KafkaSourceSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        extraProperties = extraProperties == null ? new Properties() : extraProperties;
    }

    public KafkaSource<SourceRecord> build(RemoteWriteDecoder decoder) {
        OffsetsInitializer start = timeRange != null
                ? OffsetsInitializer.timestamp(timeRange.fromEpochMillis())
                : OffsetsInitializer.committedOffsets(startFromEarliest
                        ? org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST
                        : org.apache.kafka.clients.consumer.OffsetResetStrategy.LATEST);
        KafkaSourceBuilder<SourceRecord> builder = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new KafkaFrameDeserializer(decoder, defaultTenant))
                .setProperties(extraProperties);
        if (timeRange != null) {
            builder.setBounded(OffsetsInitializer.timestamp(timeRange.toEpochMillis()));
        } else if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
