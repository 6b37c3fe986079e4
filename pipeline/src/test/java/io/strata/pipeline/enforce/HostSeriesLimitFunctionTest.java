package io.strata.pipeline.enforce;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The platform's 300 series per host; a host is tenant + {@code instance}. */
class HostSeriesLimitFunctionTest {

    private static final int CAP = EnforcementSettings.DEFAULT_MAX_SERIES_PER_HOST;
    private static final long PROCESSING_TIME = T0 + 5 * MINUTE;
    private static final Duration SHORT_TTL = Duration.ofMinutes(1);

    private static final EnforcementSettings DEFAULTS = EnforcementSettings.platformDefault();
    /** A one-minute TTL, so that series expire within a test: touch (and sweep) interval 3.75 s. */
    private static final EnforcementSettings ONE_MINUTE_TTL = new EnforcementSettings(TenantLimitsTable.platformDefault(),
            CAP, SHORT_TTL, EnforcementSettings.DEFAULT_TENANT_SHARDS, EnforcementSettings.DEFAULT_RATE_INTERVAL, true,
            EnforcementSettings.DEFAULT_OVERLOAD_FRESHNESS_THRESHOLD, EnforcementSettings.DEFAULT_OVERLOAD_SUSTAIN);

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness;

    private void open(EnforcementSettings settings) throws Exception {
        harness = harness(new HostSeriesLimitFunction(settings), null);
        harness.setProcessingTime(PROCESSING_TIME);
    }

    /** The function on the heap backend; {@link HostSeriesLimitFunctionCachedTest} runs it as the job does on RocksDB. */
    KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness(HostSeriesLimitFunction function,
            OperatorSubtaskState restored) throws Exception {
        return Harnesses.onHeap(function, EnforcementKeys::host, restored);
    }

    /** Hosts holding series, plus hosts holding counters, once cached values are written back. */
    private long storedEntries() throws Exception {
        harness.snapshot(0, 0);
        return Harnesses.storedKeys(harness, "host-series-last-seen", "host-series-counters");
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    /** Series {@code i} of a host: one CPU core's counter. */
    private static TestSeries core(String tenant, String instance, int i) {
        return TestSeries.ofTenant(tenant,
                "__name__", "node_cpu_seconds_total", "core", String.valueOf(i), "instance", instance, "job", "gameserver");
    }

    private static List<TestSeries> cores(String tenant, String instance, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> core(tenant, instance, i)).toList();
    }

    private void push(TestSeries series, long ts) throws Exception {
        harness.processElement(series.counter(ts, 1), ts);
    }

    private void pushAll(List<TestSeries> series, long ts) throws Exception {
        for (TestSeries s : series) {
            push(s, ts);
        }
    }

    private List<Sample> passed() {
        return harness.extractOutputValues();
    }

    private List<Rejected> rejected() {
        var side = harness.getSideOutput(OutputTags.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private static Set<Long> ids(List<TestSeries> series) {
        return series.stream().map(TestSeries::id).collect(Collectors.toSet());
    }

    @Test
    void processElement_400SeriesOver3Windows_sameFirst300AdmittedInEveryWindow() throws Exception {
        open(DEFAULTS);
        List<TestSeries> all = cores("acme", "gs-1:9100", 0, 400);
        // First appearance in a scrambled order, so "first 300" is not "lowest 300".
        List<TestSeries> firstOrder = new ArrayList<>(all);
        Collections.shuffle(firstOrder, new Random(42));
        List<TestSeries> laterOrder = new ArrayList<>(all);
        Collections.reverse(laterOrder);
        Set<Long> first300 = ids(firstOrder.subList(0, CAP));
        Set<Long> last100 = ids(firstOrder.subList(CAP, 400));

        // Three one-minute windows, two scrapes 10 s apart in each: 6 samples per series.
        for (int window = 0; window < 3; window++) {
            for (long offset : new long[] {0, 10 * SECOND}) {
                long ts = T0 + window * MINUTE + offset;
                pushAll(window == 0 && offset == 0 ? firstOrder : laterOrder, ts);
            }
        }

        Map<Long, Set<Long>> admittedByWindow = passed().stream().collect(Collectors.groupingBy(
                s -> (s.timestampEpochMillis() - T0) / MINUTE, Collectors.mapping(Sample::seriesId, Collectors.toSet())));
        assertThat(admittedByWindow).containsOnlyKeys(0L, 1L, 2L);
        assertThat(admittedByWindow.values()).allSatisfy(admitted -> assertThat(admitted).isEqualTo(first300));
        assertThat(passed()).hasSize(CAP * 6);

        List<Rejected> rejected = rejected();
        assertThat(rejected).hasSize(100 * 6);
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.HOST_SERIES_LIMIT);
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.samples()).isEqualTo(1);
            assertThat(r.redactedLabels()).isEmpty();
            assertThat(r.detail()).contains("300");
            assertThat(r.observedAtEpochMillis()).as("arrival of a test sample: its timestamp").isEqualTo(r.timestampEpochMillis());
        });
        assertThat(rejected.stream().map(r -> core("acme", "gs-1:9100", Integer.parseInt(r.labelValues()[1])).id())
                .collect(Collectors.toSet())).isEqualTo(last100);
    }

    @Test
    void processElement_twoHostsOfOneTenant_eachHasItsOwnBudget() throws Exception {
        open(DEFAULTS);
        List<TestSeries> hostA = cores("acme", "gs-1:9100", 0, CAP + 1);
        List<TestSeries> hostB = cores("acme", "gs-2:9100", 0, CAP + 1);

        pushAll(hostA, T0);
        pushAll(hostB, T0);

        assertThat(passed()).hasSize(2 * CAP);
        assertThat(rejected()).extracting(r -> r.labelValues()[2]).containsExactly("gs-1:9100", "gs-2:9100");
    }

    @Test
    void processElement_sameInstanceInTwoTenants_areTwoHosts() throws Exception {
        open(DEFAULTS);

        pushAll(cores("acme", "gs-1:9100", 0, CAP), T0);
        pushAll(cores("globex", "gs-1:9100", 0, CAP), T0);

        assertThat(passed()).hasSize(2 * CAP);
        assertThat(rejected()).isEmpty();
    }

    @Test
    void processElement_atCap_admittedSeriesKeepFlowing() throws Exception {
        open(DEFAULTS);
        List<TestSeries> admitted = cores("acme", "gs-1:9100", 0, CAP);
        pushAll(admitted, T0);
        push(core("acme", "gs-1:9100", CAP), T0 + SECOND);

        pushAll(admitted, T0 + 2 * SECOND);

        assertThat(passed()).hasSize(2 * CAP);
        assertThat(rejected()).singleElement().extracting(Rejected::reason).isEqualTo(RejectReason.HOST_SERIES_LIMIT);
    }

    @Test
    void processElement_fullHostBeforeTtlPassed_stillRejectsNewSeries() throws Exception {
        open(ONE_MINUTE_TTL);
        pushAll(cores("acme", "gs-1:9100", 0, CAP), T0);

        // Exactly one TTL after the last sample: the old series are still active.
        push(core("acme", "gs-1:9100", CAP), T0 + SHORT_TTL.toMillis());

        assertThat(passed()).hasSize(CAP);
        assertThat(rejected()).hasSize(1);
    }

    /**
     * The 300 admitted series stop at T0 + 10 s; a new series is rejected during the TTL; once a
     * TTL and a sweep interval (TTL / 16 = 3.75 s) have passed, 300 new series get in and the 301st
     * does not.
     */
    @Test
    void processElement_admittedSeriesSilentLongerThanTtl_newSeriesGetIn() throws Exception {
        open(ONE_MINUTE_TTL);
        List<TestSeries> old = cores("acme", "gs-1:9100", 0, CAP);
        List<TestSeries> fresh = cores("acme", "gs-1:9100", CAP, 2 * CAP + 1);
        pushAll(old, T0);
        pushAll(old, T0 + 10 * SECOND);
        push(fresh.get(0), T0 + 20 * SECOND);
        assertThat(rejected()).hasSize(1);

        pushAll(fresh, T0 + 10 * SECOND + SHORT_TTL.toMillis() + 5 * SECOND);

        assertThat(passed()).hasSize(2 * CAP + CAP);
        assertThat(passed().subList(2 * CAP, 3 * CAP)).extracting(Sample::seriesId)
                .containsExactlyElementsOf(fresh.subList(0, CAP).stream().map(TestSeries::id).toList());
        assertThat(rejected()).hasSize(2);
        assertThat(rejected().get(1).labelValues()[1]).isEqualTo(String.valueOf(2 * CAP));
    }

    @Test
    void onTimer_hostSilentLongerThanTtl_leavesNoStateBehind() throws Exception {
        open(ONE_MINUTE_TTL);
        pushAll(cores("acme", "gs-1:9100", 0, 10), T0);
        pushAll(cores("acme", "gs-2:9100", 0, 10), T0);
        assertThat(storedEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).as("one expiry time per host, shared by its series").isEqualTo(2);

        // gs-2 keeps sending one series past gs-1's expiry; gs-1 goes silent.
        push(core("acme", "gs-2:9100", 0), T0 + SHORT_TTL.toMillis());
        harness.processWatermark(T0 + SHORT_TTL.toMillis() + MINUTE / 8);

        assertThat(storedEntries()).as("gs-2's one live series and its counters").isEqualTo(2);
        harness.processWatermark(T0 + 3 * SHORT_TTL.toMillis());
        assertThat(storedEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void onTimer_expiredSeriesFreeTheirPlace_fullHostAdmitsNewOnesAfterTheWatermarkPassed() throws Exception {
        open(ONE_MINUTE_TTL);
        pushAll(cores("acme", "gs-1:9100", 0, CAP), T0);
        long later = T0 + 2 * SHORT_TTL.toMillis();
        harness.processWatermark(later);

        pushAll(cores("acme", "gs-1:9100", CAP, 2 * CAP), later);

        assertThat(rejected()).isEmpty();
        assertThat(passed()).hasSize(2 * CAP);
    }

    @Test
    void initializeState_afterSnapshot_keepsAdmittedSet() throws Exception {
        open(DEFAULTS);
        List<TestSeries> admitted = cores("acme", "gs-1:9100", 0, CAP);
        pushAll(admitted, T0);
        OperatorSubtaskState snapshot = harness.snapshot(1, T0);
        harness.close();

        harness = harness(new HostSeriesLimitFunction(DEFAULTS), snapshot);
        harness.setProcessingTime(PROCESSING_TIME);
        push(core("acme", "gs-1:9100", CAP), T0 + SECOND);
        pushAll(admitted, T0 + SECOND);

        assertThat(passed()).extracting(Sample::seriesId).containsExactlyElementsOf(admitted.stream().map(TestSeries::id).toList());
        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.HOST_SERIES_LIMIT);
            assertThat(r.labelValues()[1]).isEqualTo(String.valueOf(CAP));
        });
    }
}
