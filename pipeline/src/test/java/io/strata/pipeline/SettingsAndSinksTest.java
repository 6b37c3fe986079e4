package io.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.rules.RuleSet;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.sink.cold.ColdTimeRange;
import io.strata.pipeline.sink.cold.s3.S3ColdSettings;
import io.strata.pipeline.source.EventTime;
import java.time.Duration;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

class SettingsAndSinksTest {

    private static final LabelPolicy POLICY = LabelPolicy.platformDefault();

    @Test
    void settingsBuilder_nothingSet_givesThePlatformDefaults() {
        StrataPipeline.Settings settings = StrataPipeline.Settings.builder(POLICY).build();

        assertThat(settings.policy()).isSameAs(POLICY);
        assertThat(settings.enforcement()).usingRecursiveComparison().isEqualTo(EnforcementSettings.platformDefault());
        assertThat(settings.maxOutOfOrderness()).isEqualTo(EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS);
        assertThat(settings.idleness()).isEqualTo(EventTime.DEFAULT_IDLENESS);
        assertThat(settings.alignmentMaxDrift()).isEqualTo(EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT);
        assertThat(settings.rollups()).isEqualTo(RollupSettings.defaults());
        assertThat(settings.rules()).isSameAs(RuleSet.EMPTY);
        assertThat(settings.decoder()).isNotNull();
    }

    @Test
    void settingsBuilder_impossibleDurations_sayWhichAndWhy() {
        assertThatThrownBy(() -> StrataPipeline.Settings.builder(POLICY).maxOutOfOrderness(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOutOfOrderness must be zero or positive");
        assertThatThrownBy(() -> StrataPipeline.Settings.builder(POLICY).idleness(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleness must be positive");
        assertThatThrownBy(() -> StrataPipeline.Settings.builder(POLICY).alignmentMaxDrift(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("or null for no alignment");
        assertThat(StrataPipeline.Settings.builder(POLICY).alignmentMaxDrift(null).build().alignmentMaxDrift()).isNull();
    }

    @Test
    void sinksBuilder_hot_sendsRawAndDerivedToTheSameSink() {
        DiscardingSink<io.strata.pipeline.record.Sample> hot = new DiscardingSink<>();

        Sinks sinks = Sinks.builder().hot(hot).build();

        assertThat(sinks.rawHot()).isSameAs(hot);
        assertThat(sinks.derivedHot()).isSameAs(hot);
        assertThat(sinks.coldBasePath()).isNull();
        assertThat(sinks.coldS3()).isEqualTo(S3ColdSettings.defaults());
    }

    @Test
    void sinksBuilder_coldRangeWithoutColdPath_isRefused() {
        assertThatThrownBy(() -> Sinks.builder().coldRange(new ColdTimeRange(0, 3_600_000)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cold time range needs a cold path to write to");
    }
}
