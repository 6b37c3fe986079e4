package io.strata.pipeline.enforce;

import static io.strata.pipeline.testutils.Arrivals.arrivedAt;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.api.java.functions.KeySelector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantLimitsFunctionTest {

    private static final Duration THRESHOLD = EnforcementSettings.DEFAULT_OVERLOAD_FRESHNESS_THRESHOLD; // 10 s
    private static final Duration SUSTAIN = EnforcementSettings.DEFAULT_OVERLOAD_SUSTAIN; // 30 s

    private KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness;

    private void open(TenantLimitsTable tenants, int shards, boolean overload) throws Exception {
        EnforcementSettings settings = new EnforcementSettings(tenants, EnforcementSettings.DEFAULT_MAX_SERIES_PER_HOST,
                EnforcementSettings.DEFAULT_SERIES_TTL, shards, EnforcementSettings.DEFAULT_RATE_INTERVAL, overload, THRESHOLD, SUSTAIN);
        harness = harness(new TenantLimitsFunction(settings), s -> EnforcementKeys.tenantShard(s, shards));
    }

    /** The function on the heap backend; {@link TenantLimitsFunctionCachedTest} runs it as the job does on RocksDB. */
    KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness(TenantLimitsFunction function,
            KeySelector<Sample, Long> key) throws Exception {
        return Harnesses.onHeap(function, key, null);
    }

    /** Shards holding series, counters and rate intervals, once cached values are written back. */
    private long storedEntries() throws Exception {
        harness.snapshot(0, 0);
        return Harnesses.storedKeys(harness, "tenant-series-last-seen", "tenant-series-counters", "tenant-rate-intervals");
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static TenantLimitsTable table(String tenant, TenantLimits limits) {
        return TenantLimitsTable.of(Map.of(TenantLimitsTable.DEFAULT_TENANT, TenantLimits.PLATFORM_DEFAULT, tenant, limits));
    }

    private static TenantLimits limits(double rate, long maxSeries, int priority) {
        return new TenantLimits(rate, maxSeries, TenantLimits.DEFAULT_MAX_LABEL_NAMES, TenantLimits.DEFAULT_MAX_LABEL_VALUE_LENGTH, priority);
    }

    private static TestSeries series(String tenant, int i) {
        return TestSeries.ofTenant(tenant,
                "__name__", "gameplay_ticks_total", "instance", "gs-" + i + ":9100", "job", "gameserver");
    }

    private static List<TestSeries> manySeries(String tenant, int count) {
        return IntStream.range(0, count).mapToObj(i -> series(tenant, i)).toList();
    }

    private void push(Sample sample) throws Exception {
        harness.processElement(sample, sample.timestampEpochMillis());
    }

    private List<Sample> passed() {
        return harness.extractOutputValues();
    }

    private List<Rejected> rejected() {
        var side = harness.getSideOutput(OutputTags.REJECTED);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    private Map<RejectReason, Long> rejectedByReason() {
        return rejected().stream().collect(Collectors.groupingBy(Rejected::reason, Collectors.counting()));
    }

    /**
     * 100 samples/s allowed, counted per 10 s interval of event time (1,000 per interval, split
     * evenly over the shards); 300 series send one sample a second each for 120 s: 36,000
     * samples. Every shard is over its share in every interval (about 75 series per shard of 4,
     * budget 250), so exactly 100 × 120 = 12,000 get through.
     */
    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 4})
    void processElement_threeTimesTheRateFor120s_heldToRate(int shards) throws Exception {
        double rate = 100;
        open(table("acme", limits(rate, 1_000_000, 100)), shards, false);
        List<TestSeries> all = manySeries("acme", 300);

        for (int second = 0; second < 120; second++) {
            for (int i = 0; i < all.size(); i++) {
                push(all.get(i).counter(T0 + second * SECOND + i * SECOND / all.size(), second));
            }
        }

        int sent = 120 * all.size();
        assertThat(passed()).hasSize(12_000);
        assertThat(passed().size() + rejected().size()).isEqualTo(sent);
        assertThat(rejectedByReason()).containsOnlyKeys(RejectReason.TENANT_RATE_LIMIT);
        assertThat(rejected()).allSatisfy(r -> {
            assertThat(r.tenant()).isEqualTo("acme");
            assertThat(r.samples()).isEqualTo(1);
            assertThat(r.detail()).isEqualTo(RejectReason.TENANT_RATE_LIMIT.label());
        });
    }

    /**
     * Two partitions out of step: a later interval's samples arrive before an earlier one's. Each
     * interval still gets its own full budget, so the outcome does not depend on arrival order.
     */
    @Test
    void processElement_laterIntervalArrivesFirst_eachIntervalGetsItsBudget() throws Exception {
        open(table("acme", limits(10, 1_000_000, 100)), 1, false);
        TestSeries late = series("acme", 1);
        TestSeries early = series("acme", 2);

        for (int i = 0; i < 150; i++) {
            push(late.counter(T0 + 60 * SECOND + i, i));
        }
        for (int i = 0; i < 150; i++) {
            push(early.counter(T0 + i, i));
        }

        assertThat(passed()).filteredOn(s -> s.seriesId() == late.id()).hasSize(100);
        assertThat(passed()).filteredOn(s -> s.seriesId() == early.id()).hasSize(100);
    }

    @Test
    void processElement_rateOfOtherTenant_notSpentByThisOne() throws Exception {
        open(table("acme", limits(10, 1_000_000, 100)), 1, false);
        TestSeries acme = series("acme", 0);
        TestSeries globex = series("globex", 0);

        // acme's 10/s gives 100 per 10 s interval; globex (the default tenant's 20,000/s) is untouched.
        for (int i = 0; i < 120; i++) {
            push(acme.counter(T0 + i, i));
            push(globex.counter(T0 + i, i));
        }

        assertThat(passed()).filteredOn(s -> s.tenant().equals("acme")).hasSize(100);
        assertThat(passed()).filteredOn(s -> s.tenant().equals("globex")).hasSize(120);
        assertThat(rejected()).extracting(Rejected::tenant).containsOnly("acme").hasSize(20);
    }

    @Test
    void processElement_maxSeries10OneShard_admits10AndRejectsThe11th() throws Exception {
        open(table("small", limits(10_000, 10, 100)), 1, false);
        List<TestSeries> eleven = manySeries("small", 11);

        for (TestSeries s : eleven) {
            push(s.gauge(T0, 1));
        }
        for (TestSeries s : eleven) {
            push(s.gauge(T0 + SECOND, 2));
        }

        assertThat(passed()).extracting(Sample::seriesId)
                .containsOnlyElementsOf(eleven.subList(0, 10).stream().map(TestSeries::id).toList())
                .hasSize(20);
        assertThat(rejected()).hasSize(2).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.TENANT_SERIES_LIMIT);
            assertThat(r.labelValues()).isEqualTo(eleven.get(10).values());
            assertThat(r.tenant()).isEqualTo("small");
        });
    }

    /** Tenants share an admission rule when their limits are equal, never a budget. */
    @Test
    void processElement_twoTenantsWithEqualLimits_eachGetsItsOwnBudget() throws Exception {
        open(TenantLimitsTable.of(Map.of(TenantLimitsTable.DEFAULT_TENANT, TenantLimits.PLATFORM_DEFAULT,
                "small", limits(10_000, 10, 100), "tiny", limits(10_000, 10, 100))), 1, false);

        for (TestSeries s : manySeries("small", 11)) {
            push(s.gauge(T0, 1));
        }
        for (TestSeries s : manySeries("tiny", 11)) {
            push(s.gauge(T0, 1));
        }

        assertThat(passed()).hasSize(20);
        assertThat(rejected()).extracting(Rejected::tenant).containsExactlyInAnyOrder("small", "tiny");
    }

    @Test
    void onTimer_tenantSilentLongerThanTtl_leavesNoStateBehind_rateTimersStillWork() throws Exception {
        open(table("small", limits(10_000, 10, 100)), 1, false);
        for (TestSeries s : manySeries("small", 5)) {
            push(s.gauge(T0, 1));
        }
        assertThat(storedEntries()).as("last-seen, counters, rate interval").isEqualTo(3);

        harness.processWatermark(T0 + EnforcementSettings.DEFAULT_RATE_INTERVAL.toMillis());
        assertThat(storedEntries()).as("the interval's count dropped, the series kept").isEqualTo(2);
        harness.processWatermark(T0 + 2 * EnforcementSettings.DEFAULT_SERIES_TTL.toMillis());

        assertThat(storedEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** ⌈10 / 4⌉ = 3 series per shard (docs/LIMITS.md): a shard admits its first 3 series. */
    @Test
    void processElement_maxSeries10FourShards_eachShardAdmitsThree() throws Exception {
        int shards = 4;
        open(table("small", limits(10_000, 10, 100)), shards, false);
        List<TestSeries> forty = manySeries("small", 40);

        for (TestSeries s : forty) {
            push(s.gauge(T0, 1));
        }

        Map<Integer, List<Long>> byShard = forty.stream().map(TestSeries::id)
                .collect(Collectors.groupingBy(id -> EnforcementKeys.shard(id, shards)));
        List<Long> expected = forty.stream().map(TestSeries::id)
                .filter(id -> byShard.get(EnforcementKeys.shard(id, shards)).indexOf(id) < 3)
                .toList();
        assertThat(byShard.values()).allSatisfy(ids -> assertThat(ids).hasSizeGreaterThanOrEqualTo(3));
        assertThat(passed()).extracting(Sample::seriesId).containsExactlyElementsOf(expected).hasSize(12);
        assertThat(rejectedByReason()).containsExactly(Map.entry(RejectReason.TENANT_SERIES_LIMIT, 28L));
    }

    /**
     * lowprio (priority 10) and default (priority 100, the highest) send one sample each per
     * second of event time k = 0..179, processed at T0 + 20 s + 2k s: freshness starts at 20 s,
     * above the 10 s threshold, and grows by a second each step. The detector first sees a whole
     * 30 s sustain interval at processing time T0 + 50 s, i.e. at k = 15; from then lowprio keeps
     * 10/100 of its 165 remaining samples.
     */
    @Test
    void processElement_overloadLagGrowing_shedsLowPriorityTenantOnly() throws Exception {
        open(TenantLimitsTable.platformDefault(), 1, true);

        driveGrowingLag();

        List<Rejected> shed = rejected();
        assertThat(rejectedByReason()).containsOnlyKeys(RejectReason.OVERLOAD_SHED);
        assertThat(shed).extracting(Rejected::tenant).containsOnly("lowprio");
        assertThat(shed).allSatisfy(r -> assertThat(r.timestampEpochMillis()).isGreaterThanOrEqualTo(T0 + 15 * SECOND));
        assertThat((double) shed.size()).isCloseTo(165 * 0.9, within(2.0));
        assertThat(passed()).filteredOn(s -> s.tenant().equals("default")).hasSize(180);
        assertThat(passed().size() + shed.size()).isEqualTo(2 * 180);
    }

    @Test
    void processElement_overloadDisabled_shedsNothing() throws Exception {
        open(TenantLimitsTable.platformDefault(), 1, false);

        driveGrowingLag();

        assertThat(rejected()).isEmpty();
        assertThat(passed()).hasSize(2 * 180);
    }

    /** A replay a minute behind that catches up by a second every step: large lag, not overload. */
    @Test
    void processElement_replayCatchingUp_shedsNothing() throws Exception {
        open(TenantLimitsTable.platformDefault(), 1, true);
        TestSeries low = series("lowprio", 0);
        TestSeries high = series("default", 0);

        for (int k = 0; k < 45; k++) {
            long ts = T0 + 2L * k * SECOND;
            harness.setProcessingTime(T0 + 60 * SECOND + k * SECOND);
            push(low.counter(ts, k));
            push(high.counter(ts, k));
        }

        assertThat(rejected()).isEmpty();
        assertThat(passed()).hasSize(2 * 45);
    }

    private void driveGrowingLag() throws Exception {
        TestSeries low = series("lowprio", 0);
        TestSeries high = series("default", 0);
        for (int k = 0; k < 180; k++) {
            long ts = T0 + k * SECOND;
            harness.setProcessingTime(T0 + 20 * SECOND + 2L * k * SECOND);
            push(low.counter(ts, k));
            push(high.counter(ts, k));
        }
    }

    @Test
    void processElement_rejection_carriesArrivalAndSample() throws Exception {
        open(table("small", limits(10_000, 1, 100)), 1, false);
        Function<Integer, Sample> sample = i -> arrivedAt(series("small", i).gauge(T0, 42), T0 + 7 * SECOND);

        push(sample.apply(0));
        push(sample.apply(1));

        assertThat(rejected()).singleElement().satisfies(r -> {
            assertThat(r.observedAtEpochMillis()).isEqualTo(T0 + 7 * SECOND);
            assertThat(r.timestampEpochMillis()).isEqualTo(T0);
            assertThat(r.value()).isEqualTo(42);
            assertThat(r.labelNames()).containsExactly("__name__", "instance", "job");
        });
    }
}
