package io.strata.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.record.SourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkAlignmentParams;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.junit.jupiter.api.Test;

class EventTimeTest {

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
    void pipelineSettings_defaultConstructor_alignsWithTheDefaultDrift() {
        LabelPolicy policy = LabelPolicy.platformDefault();
        StrataPipeline.Settings settings = new StrataPipeline.Settings(policy, EnforcementSettings.platformDefault(),
                RemoteWriteDecoder.withDefaults(policy),
                EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS, EventTime.DEFAULT_IDLENESS, null);

        assertThat(settings.watermarks().getAlignmentParameters().getMaxAllowedWatermarkDrift())
                .isEqualTo(EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT.toMillis());
    }
}
