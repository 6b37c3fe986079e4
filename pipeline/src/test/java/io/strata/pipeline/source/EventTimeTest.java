package io.strata.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.TestFrames;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static final long NOW = TestFrames.T0;
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    private static final TestSeries TICKS = TestSeries.of("__name__", "tick_seconds", "instance", "gs-1");

    @Test
    void watermarks_sampleTenMinutesAhead_watermarkStaysOutOfOrdernessBehindTheWallClock() throws Exception {
        List<Long> watermarks = new ArrayList<>();
        WatermarkGenerator<SourceRecord> generator = generator(watermarks);

        // Ahead by the default allowed clock skew (policy.max-future-skew), so not rejected.
        event(generator, NOW + Duration.ofMinutes(10).toMillis(), watermarks);
        event(generator, NOW - 20_000, watermarks);
        generator.onPeriodicEmit(output(watermarks));

        // As if the sample had been stamped now + 30 s; uncapped it would be NOW + 9.5 min, and the
        // windows of the next 9.5 minutes would close before their samples arrive.
        assertThat(watermarks).isNotEmpty().last().isEqualTo(NOW - 1);
    }

    @Test
    void watermarks_samplesInThePast_boundedOutOfOrdernessAsBefore() throws Exception {
        List<Long> watermarks = new ArrayList<>();
        WatermarkGenerator<SourceRecord> generator = generator(watermarks);

        event(generator, NOW - 60_000, watermarks);
        event(generator, NOW - 10_000, watermarks);
        event(generator, NOW - 40_000, watermarks);
        generator.onPeriodicEmit(output(watermarks));

        assertThat(watermarks).last().isEqualTo(NOW - 10_000 - OUT_OF_ORDERNESS.toMillis() - 1);
    }

    /** The strategy as a source gets it (serialized), with a wall clock stopped at {@link #NOW}. */
    private static WatermarkGenerator<SourceRecord> generator(List<Long> watermarks) throws Exception {
        WatermarkStrategy<SourceRecord> strategy = InstantiationUtil.clone(
                EventTime.watermarks(OUT_OF_ORDERNESS, Duration.ofMinutes(1), null, () -> NOW));
        return strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return SystemClock.getInstance();
            }
        });
    }

    private static void event(WatermarkGenerator<SourceRecord> generator, long ts, List<Long> watermarks) {
        generator.onEvent(SourceRecord.of(TICKS.gauge(ts, 1)), ts, output(watermarks));
    }

    private static WatermarkOutput output(List<Long> watermarks) {
        return new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                watermarks.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
    }

    @Test
    void watermarks_withMaxDrift_alignInTheStrataGroup() {
        WatermarkStrategy<SourceRecord> strategy = EventTime.watermarks(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2));

        WatermarkAlignmentParams alignment = strategy.getAlignmentParameters();

        assertThat(alignment.isEnabled()).isTrue();
        assertThat(alignment.getWatermarkGroup()).isEqualTo(EventTime.ALIGNMENT_GROUP);
        assertThat(alignment.getMaxAllowedWatermarkDrift()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(alignment.getUpdateInterval()).isEqualTo(EventTime.ALIGNMENT_UPDATE_INTERVAL.toMillis());
    }

    @Test
    void watermarks_withoutMaxDrift_doNotAlign() {
        WatermarkStrategy<SourceRecord> strategy = EventTime.watermarks(Duration.ofSeconds(30), Duration.ofMinutes(1));

        assertThat(strategy.getAlignmentParameters().isEnabled()).isFalse();
    }

    @Test
    void pipelineSettings_byDefault_alignWithTheDefaultDrift() {
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build();

        assertThat(settings.watermarks().getAlignmentParameters().getMaxAllowedWatermarkDrift())
                .isEqualTo(EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT.toMillis());
    }
}
