package io.strata.pipeline.source;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks in which no timestamp counts for more than the wall clock
 * plus the out-of-orderness bound: {@code min(timestamp, now + maxOutOfOrderness)}. So the
 * watermark never passes the wall clock, and a sample stamped minutes ahead (within the allowed
 * clock skew, so not rejected) cannot make the rest of its partition late. Samples keep their
 * own timestamps; only what drives the watermark is capped. Not thread-safe, one per split.
 */
final class WallClockBoundedWatermarks<T> implements WatermarkGenerator<T> {

    /** The wall clock, in epoch milliseconds; a field of the serializable watermark strategy. */
    @FunctionalInterface
    interface WallClock extends Serializable {
        long nowEpochMillis();

        WallClock SYSTEM = System::currentTimeMillis;
    }

    private final BoundedOutOfOrdernessWatermarks<T> watermarks;
    private final long maxOutOfOrdernessMillis;
    private final WallClock clock;
    /** The cap as of the last clock reading: the clock is read again only for a timestamp above it. */
    private long capEpochMillis = Long.MIN_VALUE;

    WallClockBoundedWatermarks(Duration maxOutOfOrderness, WallClock clock) {
        this.watermarks = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
        this.maxOutOfOrdernessMillis = maxOutOfOrderness.toMillis();
        this.clock = clock;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > capEpochMillis) {
            capEpochMillis = clock.nowEpochMillis() + maxOutOfOrdernessMillis;
        }
        watermarks.onEvent(event, Math.min(eventTimestamp, capEpochMillis), output);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        watermarks.onPeriodicEmit(output);
    }
}
