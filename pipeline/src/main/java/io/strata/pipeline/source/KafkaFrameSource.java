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
 */
public record KafkaFrameSource(
        String bootstrapServers,
        String topic,
        String groupId,
        boolean startFromEarliest,
        boolean bounded,
        String defaultTenant,
        Properties extraProperties) implements Serializable {

    public KafkaFrameSource {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        extraProperties = extraProperties == null ? new Properties() : extraProperties;
    }

    public KafkaSource<SourceRecord> build(RemoteWriteDecoder decoder) {
        OffsetsInitializer start = OffsetsInitializer.committedOffsets(
                startFromEarliest
                        ? org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST
                        : org.apache.kafka.clients.consumer.OffsetResetStrategy.LATEST);
        KafkaSourceBuilder<SourceRecord> builder = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(start)
                .setDeserializer(new KafkaFrameDeserializer(decoder, defaultTenant))
                .setProperties(extraProperties);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
