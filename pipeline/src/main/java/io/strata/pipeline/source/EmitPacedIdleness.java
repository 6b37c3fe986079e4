package io.strata.pipeline.source;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Marks a partition or shard idle after {@code idleness} without events, counting only time in
 * which the source could have read: Flink's input-activity clock, which stops while the task is
 * back-pressured or paused for alignment, and of that at most {@link #MAX_GAP_MILLIS} between two
 * periodic emits.
 *
 * <p>Why the cap: Flink 1.20's {@code WatermarksWithIdleness} also counts the time a source task
 * spends blocked inside an emit (a frame decodes into many samples, and a back-pressured output
 * blocks mid-frame). Periodic emits cannot run meanwhile, so after a block of a minute or more,
 * the first emit found every split that was not being emitted from idle, and the watermark leapt
 * to the one that was (FLINK-40234). A replay then released an hour of rollups at once and the
 * hot writers raced each other past the receiver's window. Here such a block counts as one
 * periodic interval, so only partitions silent while the source really runs go idle.
 */
final class EmitPacedIdleness<T> implements WatermarkGenerator<T> {

    /** The longest gap between two periodic emits that counts in full; Flink's default interval is 200 ms. */
    static final long MAX_GAP_MILLIS = 1_000;

    private final WatermarkGenerator<T> watermarks;
    private final long idlenessMillis;
    private final RelativeClock clock;
    private long silentMillis;
    private long lastEmitMillis = -1;
    private boolean idle;

    EmitPacedIdleness(WatermarkGenerator<T> watermarks, long idlenessMillis, RelativeClock clock) {
        if (idlenessMillis <= 0) {
            throw new IllegalArgumentException("idleness must be positive, got " + idlenessMillis + " ms");
        }
        this.watermarks = watermarks;
        this.idlenessMillis = idlenessMillis;
        this.clock = clock;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        watermarks.onEvent(event, eventTimestamp, output);
        silentMillis = 0;
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.relativeTimeMillis();
        if (lastEmitMillis >= 0) {
            silentMillis += Math.min(Math.max(0, now - lastEmitMillis), MAX_GAP_MILLIS);
        }
        lastEmitMillis = now;
        if (silentMillis >= idlenessMillis) {
            if (!idle) {
                output.markIdle();
                idle = true;
            }
        } else {
            watermarks.onPeriodicEmit(output);
        }
    }
}
