package io.strata.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

class EmitPacedIdlenessTest {

    private static final long IDLENESS = 60_000;
    private static final long INTERVAL = 200;

    private final ManualClock clock = new ManualClock();
    private final RecordingOutput output = new RecordingOutput();
    private final EmitPacedIdleness<String> generator =
            new EmitPacedIdleness<>(new BoundedOutOfOrdernessWatermarks<>(java.time.Duration.ZERO), IDLENESS, clock);

    /** Periodic emits every {@link #INTERVAL} for {@code millis}, the clock running. */
    private void run(long millis) {
        for (long t = 0; t < millis; t += INTERVAL) {
            clock.millis += INTERVAL;
            generator.onPeriodicEmit(output);
        }
    }

    @Test
    void silentWhileTheSourceRuns_idleAfterTheIdleness_once() {
        generator.onEvent("a", 1_000, output);
        generator.onPeriodicEmit(output);

        run(IDLENESS - 1_000);
        assertThat(output.idleMarks).as("not yet").isZero();
        run(2_000);
        assertThat(output.idleMarks).isEqualTo(1);
        run(10_000);
        assertThat(output.idleMarks).as("marked once, not at every emit").isEqualTo(1);
    }

    @Test
    void blockedInsideAnEmitForMinutes_countsAsOneInterval_notIdle() {
        generator.onEvent("a", 1_000, output);
        generator.onPeriodicEmit(output);
        run(10_000);

        // The task thread was blocked in an emit: no periodic emit ran for three minutes.
        clock.millis += 180_000;
        generator.onPeriodicEmit(output);
        run(10_000);

        assertThat(output.idleMarks).isZero();
        assertThat(output.watermarks).last().isEqualTo(999L);
    }

    @Test
    void backPressured_clockPaused_notIdle() {
        generator.onEvent("a", 1_000, output);
        generator.onPeriodicEmit(output);
        for (int i = 0; i < 1_000; i++) {
            generator.onPeriodicEmit(output);
        }

        assertThat(output.idleMarks).isZero();
    }

    @Test
    void anEventAfterIdle_makesItActiveAgain_andTheCountStartsOver() {
        generator.onEvent("a", 1_000, output);
        generator.onPeriodicEmit(output);
        run(IDLENESS + 1_000);
        assertThat(output.idleMarks).isEqualTo(1);

        generator.onEvent("b", 5_000, output);
        run(IDLENESS - 1_000);

        assertThat(output.idleMarks).isEqualTo(1);
        assertThat(output.watermarks).last().isEqualTo(4_999L);
        run(2_000);
        assertThat(output.idleMarks).isEqualTo(2);
    }

    @Test
    void constructor_idlenessNotPositive_throws() {
        assertThatThrownBy(() -> new EmitPacedIdleness<>(new BoundedOutOfOrdernessWatermarks<String>(java.time.Duration.ZERO), 0, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleness must be positive");
    }

    private static final class ManualClock implements RelativeClock {
        long millis;

        @Override
        public long relativeTimeMillis() {
            return millis;
        }

        @Override
        public long relativeTimeNanos() {
            return millis * 1_000_000;
        }
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idleMarks;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idleMarks++;
        }

        @Override
        public void markActive() {}
    }
}
