package io.strata.pipeline.source;

import io.strata.pipeline.record.SourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** The one place where the pipeline's event time is defined: every source uses this strategy. */
public final class EventTime {

    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);
    /** How far one partition's or shard's watermark may run ahead of the slowest before it is paused. */
    public static final Duration DEFAULT_ALIGNMENT_MAX_DRIFT = Duration.ofMinutes(1);
    /** How often the source coordinator recomputes the group's watermark and tells readers to pause or resume. */
    public static final Duration ALIGNMENT_UPDATE_INTERVAL = Duration.ofSeconds(1);
    /** Every Strata source aligns in this one group, so a job reading two streams keeps them in step too. */
    public static final String ALIGNMENT_GROUP = "strata-event-time";

    private EventTime() {}

    /** {@link #watermarks(Duration, Duration, Duration)} without alignment. */
    public static WatermarkStrategy<SourceRecord> watermarks(Duration maxOutOfOrderness, Duration idleness) {
        return watermarks(maxOutOfOrderness, idleness, null);
    }

    /**
     * Bounded out-of-orderness on the samples' own timestamps, per Kafka partition or Kinesis shard
     * when used in a {@code KafkaSource} or {@code KinesisStreamsSource}; a partition or shard
     * silent for {@code idleness} while the source runs stops holding the watermark back
     * ({@link EmitPacedIdleness}: time blocked in an emit does not count).
     * Rejections carry no event time and never move a watermark. A timestamp drives the
     * watermark at most as far as the wall clock plus {@code maxOutOfOrderness}
     * ({@link WallClockBoundedWatermarks}): a sample ahead by the allowed clock skew must not make
     * its whole partition late.
     *
     * <p>With {@code alignmentMaxDrift}, watermark alignment (FLIP-182/FLIP-217): a split whose
     * watermark is more than {@code alignmentMaxDrift} ahead of the group's slowest is paused until
     * the others catch up, so that a replayed backlog cannot let one partition race ahead and make
     * the others' samples late. The Kafka source pauses single partitions (its split reader
     * implements {@code pauseOrResumeSplits}); the Kinesis source 4.3.0 does not, so for it the job
     * must set {@code pipeline.watermark-alignment.allow-unaligned-source-splits: true} and aligns
     * whole readers only. Alignment applies to FLIP-27 sources; {@code assignTimestampsAndWatermarks}
     * (the generator) ignores it.
     *
     * @param alignmentMaxDrift maximum drift, or {@code null} for no alignment
     */
    public static WatermarkStrategy<SourceRecord> watermarks(Duration maxOutOfOrderness, Duration idleness, Duration alignmentMaxDrift) {
        return watermarks(maxOutOfOrderness, idleness, alignmentMaxDrift, WallClockBoundedWatermarks.WallClock.SYSTEM);
    }

    static WatermarkStrategy<SourceRecord> watermarks(
            Duration maxOutOfOrderness, Duration idleness, Duration alignmentMaxDrift, WallClockBoundedWatermarks.WallClock clock) {
        long idlenessMillis = idleness.toMillis();
        WatermarkStrategy<SourceRecord> strategy = WatermarkStrategy
                .<SourceRecord>forGenerator(context -> new EmitPacedIdleness<>(
                        new WallClockBoundedWatermarks<>(maxOutOfOrderness, clock), idlenessMillis, context.getInputActivityClock()))
                .withTimestampAssigner((record, previous) -> record.eventTimeEpochMillis());
        return alignmentMaxDrift == null
                ? strategy
                : strategy.withWatermarkAlignment(ALIGNMENT_GROUP, alignmentMaxDrift, ALIGNMENT_UPDATE_INTERVAL);
    }
}
