package io.strata.pipeline.source;

import io.strata.pipeline.record.SourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The one place where the pipeline's event time is defined: every source uses this strategy. */
public final class EventTime {

    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

    private EventTime() {}

    /**
     * Bounded out-of-orderness on the samples' own timestamps, per Kafka partition or Kinesis shard
     * when used in a {@code KafkaSource} or {@code KinesisStreamsSource}; a partition or shard
     * silent for {@code idleness} stops holding the watermark back.
     * Rejections carry no event time and never move a watermark.
     */
    public static WatermarkStrategy<SourceRecord> watermarks(Duration maxOutOfOrderness, Duration idleness) {
        return WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((record, previous) -> record.eventTimeEpochMillis())
                .withIdleness(idleness);
    }
}
