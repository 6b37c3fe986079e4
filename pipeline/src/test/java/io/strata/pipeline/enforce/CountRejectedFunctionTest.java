package io.strata.pipeline.enforce;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.AccountingReporter;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.testutils.AccountedTask;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function runs under a harness whose task metric group belongs to a registry that reports
 * to {@link AccountingReporter}, so the counts are read back as {@code strata run} reads them.
 */
class CountRejectedFunctionTest {

    private static final TestSeries TICKS = TestSeries.ofTenant("acme",
            "__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");

    private AccountedTask task;
    private OneInputStreamOperatorTestHarness<Rejected, Rejected> harness;

    @BeforeEach
    void open() throws Exception {
        task = new AccountedTask("count-rejected");
    }

    /** Runs {@code function} under the harness; tests that do not call it get the default function on their first push. */
    private void open(CountRejectedFunction function) throws Exception {
        harness = Harnesses.operator(new StreamMap<>(function), task.environment(), null);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
        task.close();
    }

    private Map<String, Long> counts() {
        return task.counters();
    }

    private void push(Rejected rejected) throws Exception {
        if (harness == null) {
            open(new CountRejectedFunction());
        }
        harness.processElement(rejected, T0);
    }

    @Test
    void map_limitRejection_countsByReasonAndByTenant() throws Exception {
        Rejected rejected = Rejected.ofSample(TICKS.counter(T0, 1), RejectReason.TENANT_SERIES_LIMIT, "max_series");

        push(rejected);
        push(rejected);

        assertThat(harness.extractOutputValues()).containsExactly(rejected, rejected);
        assertThat(counts())
                .containsEntry("samples_rejected_total{reason=\"max_series\"}", 2L)
                .containsEntry("tenant_over_limit_total{tenant=\"acme\",reason=\"max_series\"}", 2L);
    }

    @Test
    void map_rejectionOfSeveralSamples_countsEverySample() throws Exception {
        Rejected one = Rejected.ofSample(TICKS.counter(T0, 1), RejectReason.HOST_SERIES_LIMIT, "host");
        Rejected five = new Rejected(one.tenant(), one.reason(), one.detail(), one.labelNames(), one.labelValues(),
                one.redactedLabels(), one.timestampEpochMillis(), one.timestampEpochMillis(), one.value(), 5, 0, null, T0,
                Rejected.NO_TIMESTAMP);

        push(five);

        assertThat(counts())
                .containsEntry("samples_rejected_total{reason=\"host_series_limit\"}", 5L)
                .containsEntry("tenant_over_limit_total{tenant=\"acme\",reason=\"host_series_limit\"}", 5L);
    }

    @Test
    void map_twoTenantsOverLimit_areCountedApart() throws Exception {
        push(Rejected.ofSample(TICKS.counter(T0, 1), RejectReason.OVERLOAD_SHED, "overload_shed"));
        push(Rejected.ofSample(TestSeries.ofTenant("lowprio", "__name__", "debug_frame_time_seconds").gauge(T0, 1),
                RejectReason.OVERLOAD_SHED, "overload_shed"));

        assertThat(counts())
                .containsEntry("samples_rejected_total{reason=\"overload_shed\"}", 2L)
                .containsEntry("tenant_over_limit_total{tenant=\"acme\",reason=\"overload_shed\"}", 1L)
                .containsEntry("tenant_over_limit_total{tenant=\"lowprio\",reason=\"overload_shed\"}", 1L);
    }

    @Test
    void map_policyRejection_notCountedAsTenantOverLimit() throws Exception {
        push(Rejected.ofSample(TICKS.counter(T0, 1), RejectReason.LABEL_NOT_ALLOWED, "label_not_allowed"));

        assertThat(counts()).containsEntry("samples_rejected_total{reason=\"label_not_allowed\"}", 1L);
        assertThat(counts().keySet()).noneMatch(k -> k.startsWith(Accounting.TENANT_OVER_LIMIT));
    }

    @Test
    void map_frameRejection_countedAsFrameNotSample() throws Exception {
        push(Rejected.frame("acme", RejectReason.BAD_SNAPPY, "bad snappy", 0, 100, Arrival.readAt("kafka:frames-0@7", T0)));

        assertThat(counts())
                .containsEntry("frames_rejected_total{reason=\"bad_snappy\"}", 1L)
                .doesNotContainKey("samples_rejected_total{reason=\"bad_snappy\"}");
        assertThat(counts()).allSatisfy((key, count) -> {
            if (key.startsWith(Accounting.SAMPLES_REJECTED)) {
                assertThat(count).as(key).isZero();
            }
        });
    }

    @Test
    void map_moreTenantsThanTheCap_restCountedAsOther_totalExact() throws Exception {
        open(new CountRejectedFunction(2));
        for (String tenant : List.of("a", "b", "c", "d", "a", "c")) {
            push(Rejected.ofSample(TestSeries.ofTenant(tenant, "__name__", "m").gauge(T0, 1), RejectReason.TENANT_RATE_LIMIT, "rate"));
        }

        assertThat(counts())
                .containsEntry("samples_rejected_total{reason=\"samples_rate_limit\"}", 6L)
                .containsEntry("tenant_over_limit_total{tenant=\"a\",reason=\"samples_rate_limit\"}", 2L)
                .containsEntry("tenant_over_limit_total{tenant=\"b\",reason=\"samples_rate_limit\"}", 1L)
                .containsEntry("tenant_over_limit_total{tenant=\"__other__\",reason=\"samples_rate_limit\"}", 3L);
        assertThat(counts().keySet().stream().filter(k -> k.startsWith(Accounting.TENANT_OVER_LIMIT))).hasSize(3);
    }

    @Test
    void open_everyReason_exportsAZero() throws Exception {
        open(new CountRejectedFunction());
        Map<String, Long> counts = counts();

        assertThat(Arrays.stream(RejectReason.values())).allSatisfy(reason -> assertThat(counts).containsEntry(
                Accounting.key(reason.isFrameLevel() ? Accounting.FRAMES_REJECTED : Accounting.SAMPLES_REJECTED, "reason", reason.label()), 0L));
    }
}
