package io.strata.pipeline.enforce;

import static io.strata.pipeline.testutils.Arrivals.arrivedAt;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.OutputTags;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnforceLabelPolicyFunctionTest {

    private static final long PROCESSING_TIME = T0 + 42_000;

    private static final TestSeries PLAYERS = TestSeries.of(
            "__name__", "gameplay_players_connected", "job", "gameserver", "queue", "ranked", "region", "eu-west-1");
    private static final TestSeries LOGINS_WITH_PII = TestSeries.of(
            "__name__", "player_login_total", "job", "gameserver", "player_id", "p-secret", "region", "eu-west-1");
    private static final TestSeries RTT_WITH_SESSION = TestSeries.of(
            "__name__", "debug_session_rtt_ms", "job", "gameserver", "region", "eu-west-1", "session_id", "s-3");
    private static final TestSeries GC_QUANTILE = TestSeries.of(
            "__name__", "gc_pause_seconds", "job", "gameserver", "quantile", "0.99");

    private OneInputStreamOperatorTestHarness<Sample, Sample> harness;

    /** When the samples' frame was received: after their timestamp, before they are processed. */
    private static final long ARRIVAL = T0 + 3_000;

    /** Tenant "tight": 3 labels at most, label values of 10 characters at most. */
    private static final TenantLimitsTable TIGHT = TenantLimitsTable.of(Map.of(
            TenantLimitsTable.DEFAULT_TENANT, TenantLimits.PLATFORM_DEFAULT,
            "tight", new TenantLimits(1_000, 1_000, 3, 10, 100)));

    private OneInputStreamOperatorTestHarness<Sample, Sample> harness(LabelPolicy policy) throws Exception {
        return harness(policy, TenantLimitsTable.platformDefault());
    }

    private OneInputStreamOperatorTestHarness<Sample, Sample> harness(LabelPolicy policy, TenantLimitsTable tenants) throws Exception {
        harness = Harnesses.process(new EnforceLabelPolicyFunction(policy, tenants));
        harness.setProcessingTime(PROCESSING_TIME);
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void processElement_allowedLabels_passesSampleUnchanged() throws Exception {
        harness(LabelPolicy.platformDefault());
        Sample sample = PLAYERS.gauge(T0, 41);

        harness.processElement(sample, T0);

        assertThat(harness.extractOutputValues()).containsExactly(sample);
        assertThat(rejected()).isEmpty();
    }

    @Test
    void processElement_forbiddenLabel_rejectsWithoutPiiOrValue() throws Exception {
        harness(LabelPolicy.platformDefault());

        harness.processElement(arrivedAt(LOGINS_WITH_PII.counter(T0, 7), ARRIVAL), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN_LABEL);
            assertThat(r.value()).isNaN();
            assertThat(r.redactedLabels()).containsExactly("player_id");
            assertThat(r.labelNames()).containsExactly("__name__", "job", "region");
            assertThat(r.labelValues()).containsExactly("player_login_total", "gameserver", "eu-west-1");
            assertThat(r.detail()).doesNotContain("p-secret");
            assertThat(r.toString()).doesNotContain("p-secret");
            assertThat(r.timestampEpochMillis()).isEqualTo(T0);
            assertThat(r.samples()).isEqualTo(1);
            assertThat(r.tenant()).isEqualTo(TestSeries.TENANT);
            assertThat(r.observedAtEpochMillis()).as("the sample's arrival, not the time of processing").isEqualTo(ARRIVAL);
        });
    }

    @Test
    void processElement_offSchemaLabel_rejectsAsLabelNotAllowedKeepingValueButNotTheLabelsValue() throws Exception {
        harness(LabelPolicy.platformDefault());

        harness.processElement(RTT_WITH_SESSION.gauge(T0, 23), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.LABEL_NOT_ALLOWED);
            assertThat(r.value()).isEqualTo(23.0);
            assertThat(r.labelNames()).containsExactly("__name__", "job", "region");
            assertThat(r.redactedLabels()).containsExactly("session_id");
        });
    }

    @Test
    void processElement_quantileLabel_rejectsAsSummaryNotSupported() throws Exception {
        harness(LabelPolicy.platformDefault());

        harness.processElement(GC_QUANTILE.gauge(T0, 0.004), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.SUMMARY_NOT_SUPPORTED);
    }

    @Test
    void processElement_samplesOfOneSeries_judgedOnceAndGoOnAsOneStrippedSeries() throws Exception {
        harness(LabelPolicy.builder().unknownLabelAction(UnknownLabelAction.STRIP).build());
        Sample first = RTT_WITH_SESSION.gauge(T0, 23);

        harness.processElement(first, T0);
        harness.processElement(new Sample(first.series(), first.kind(), T0 + 10_000, 24, null, T0 + 10_000), T0 + 10_000);

        List<Sample> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).series()).isSameAs(out.get(0).series()).isNotSameAs(first.series());
        assertThat(out.get(1).timestampEpochMillis()).isEqualTo(T0 + 10_000);
    }

    @Test
    void processElement_otherSeriesUnderTheSameId_getsAVerdictOfItsOwn() throws Exception {
        harness(LabelPolicy.platformDefault());
        Sample allowed = PLAYERS.gauge(T0, 41);
        Sample forbidden = LOGINS_WITH_PII.counter(T0, 7);

        harness.processElement(allowed, T0);
        harness.processElement(forbidden.withLabels(allowed.seriesId(), forbidden.labelNames(), forbidden.labelValues()), T0);
        harness.processElement(allowed, T0);

        assertThat(harness.extractOutputValues()).containsExactly(allowed, allowed);
        assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.FORBIDDEN_LABEL);
    }

    @Test
    void processElement_stripUnknownLabel_removesLabelAndRecomputesSeriesId() throws Exception {
        harness(LabelPolicy.builder().unknownLabelAction(UnknownLabelAction.STRIP).build());

        harness.processElement(RTT_WITH_SESSION.gauge(T0, 23), T0);

        String[] names = {"__name__", "job", "region"};
        String[] values = {"debug_session_rtt_ms", "gameserver", "eu-west-1"};
        assertThat(rejected()).isEmpty();
        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.labelNames()).containsExactly(names);
            assertThat(s.labelValues()).containsExactly(values);
            assertThat(s.seriesId()).isEqualTo(SeriesId.of(names, values)).isNotEqualTo(RTT_WITH_SESSION.id());
            assertThat(s.value()).isEqualTo(23.0);
            assertThat(s.timestampEpochMillis()).isEqualTo(T0);
        });
    }

    @Test
    void processElement_stripWithForbiddenOrQuantile_stillRejects() throws Exception {
        harness(LabelPolicy.builder().unknownLabelAction(UnknownLabelAction.STRIP).build());

        harness.processElement(LOGINS_WITH_PII.counter(T0, 7), T0);
        harness.processElement(GC_QUANTILE.gauge(T0, 0.004), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).extracting(Rejected::reason)
                .containsExactly(RejectReason.FORBIDDEN_LABEL, RejectReason.SUMMARY_NOT_SUPPORTED);
    }

    @Test
    void processElement_moreLabelsThanTenantAllows_rejectsAsTooManyLabels() throws Exception {
        harness(LabelPolicy.platformDefault(), TIGHT);
        TestSeries fourLabels = TestSeries.ofTenant("tight", "__name__", "gameplay_players_connected",
                "job", "gameserver", "queue", "ranked", "region", "eu-west-1");

        harness.processElement(arrivedAt(fourLabels.gauge(T0, 41), ARRIVAL), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TOO_MANY_LABELS);
            assertThat(r.detail()).isEqualTo("max_label_names");
            assertThat(r.tenant()).isEqualTo("tight");
            assertThat(r.value()).isEqualTo(41.0);
            assertThat(r.labelNames()).containsExactly(fourLabels.names());
            assertThat(r.observedAtEpochMillis()).as("the sample's arrival, not the time of processing").isEqualTo(ARRIVAL);
        });
    }

    @Test
    void processElement_labelsAtTenantLimits_passes() throws Exception {
        harness(LabelPolicy.platformDefault(), TIGHT);
        Sample atLimits = TestSeries.ofTenant("tight",
                "__name__", "up", "job", "gameserver", "region", "x".repeat(10)).gauge(T0, 1);

        harness.processElement(atLimits, T0);

        assertThat(harness.extractOutputValues()).containsExactly(atLimits);
        assertThat(rejected()).isEmpty();
    }

    @Test
    void processElement_labelValueLongerThanTenantAllows_rejectsAsLabelValueTooLong() throws Exception {
        harness(LabelPolicy.platformDefault(), TIGHT);

        harness.processElement(TestSeries.ofTenant("tight",
                "__name__", "up", "job", "gameserver", "region", "x".repeat(11)).gauge(T0, 1), T0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(rejected()).extracting(Rejected::reason).containsExactly(RejectReason.LABEL_VALUE_TOO_LONG);
    }

    @Test
    void processElement_tenantWithoutOwnLimits_getsDefaultLabelLimits() throws Exception {
        harness(LabelPolicy.platformDefault(), TIGHT);
        Sample sample = PLAYERS.gauge(T0, 41);

        harness.processElement(sample, T0);

        assertThat(harness.extractOutputValues()).containsExactly(sample);
    }

    @Test
    void processElement_forbiddenLabelAndTooManyLabels_forbiddenWinsAndIsRedacted() throws Exception {
        harness(LabelPolicy.platformDefault(), TIGHT);

        harness.processElement(TestSeries.ofTenant("tight", "__name__", "player_login_total", "job", "gameserver",
                "player_id", "p-secret", "region", "eu-west-1").counter(T0, 7), T0);

        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.FORBIDDEN_LABEL);
            assertThat(r.toString()).doesNotContain("p-secret");
            assertThat(r.value()).isNaN();
        });
    }

    private List<Rejected> rejected() {
        var side = harness.getSideOutput(OutputTags.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
    }
}
