package io.strata.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import org.apache.flink.api.common.JobID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.MetricNames;
import org.apache.flink.runtime.metrics.groups.TaskManagerJobMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link AccountingReporter} through Flink's own metric groups: a registry that hands
 * every registration to the reporter, as the MiniCluster's registry does, so scope components
 * and the {@code <job_id>} variable are Flink's.
 */
class AccountingReporterTest {

    private final AccountingReporter reporter = new AccountingReporter();
    private final TestingMetricRegistry registry = TestingMetricRegistry.builder()
            .setRegisterConsumer(reporter::notifyOfAddedMetric)
            .setUnregisterConsumer(reporter::notifyOfRemovedMetric)
            .build();
    /** Fresh per test: the reporter keeps jobs in a static map. */
    private final JobID jobId = new JobID();
    private TaskManagerMetricGroup taskManager;

    /** The group of job {@link #jobId} on a new task manager, standing in for a subtask's operator group. */
    private TaskManagerJobMetricGroup subtask() {
        return subtask("strata demo");
    }

    private TaskManagerJobMetricGroup subtask(String jobName) {
        taskManager = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate());
        return taskManager.addJob(jobId, jobName);
    }

    @AfterEach
    void close() {
        if (taskManager != null) {
            taskManager.close();
        }
    }

    @Test
    void key_oneLabel_isPrometheusStyle() {
        assertThat(Accounting.key(Accounting.SAMPLES_REJECTED, "reason", "forbidden_label"))
                .isEqualTo("samples_rejected_total{reason=\"forbidden_label\"}");
    }

    @Test
    void key_twoLabels_keepsOrderGiven() {
        assertThat(Accounting.key(Accounting.TENANT_OVER_LIMIT, "tenant", "acme", "reason", "max_series"))
                .isEqualTo("tenant_over_limit_total{tenant=\"acme\",reason=\"max_series\"}");
    }

    @Test
    void notifyOfAddedMetric_twoLabelCounter_isKeyedWithBothLabels() {
        Counter c = Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "x", "reason", "y");
        c.inc(3);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsExactly(java.util.Map.entry("tenant_over_limit_total{tenant=\"x\",reason=\"y\"}", 3L));
    }

    @Test
    void notifyOfAddedMetric_oneLabelAndUnlabelledCounters_areKeyedByNameAndLabel() {
        MetricGroup group = subtask();
        Accounting.counter(group, Accounting.SAMPLES_ACCEPTED).inc(5);
        Accounting.counter(group, Accounting.SAMPLES_REJECTED, "reason", RejectReason.OVERLOAD_SHED.label()).inc(2);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsEntry("samples_accepted_total", 5L)
                .containsEntry("samples_rejected_total{reason=\"overload_shed\"}", 2L)
                .hasSize(2);
    }

    @Test
    void notifyOfAddedMetric_counterOutsideStrataGroup_isIgnored() {
        subtask().addGroup("other").counter("numRecordsIn").inc(7);

        assertThat(AccountingReporter.snapshot(jobId.toString())).isEmpty();
    }

    @Test
    void snapshot_sameKeyOnTwoSubtasks_isSummed() {
        Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "x", "reason", "y").inc(3);
        TaskManagerMetricGroup first = taskManager;
        Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "x", "reason", "y").inc(4);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsEntry("tenant_over_limit_total{tenant=\"x\",reason=\"y\"}", 7L);
        first.close();
    }

    @Test
    void notifyOfRemovedMetric_finishedSubtask_finalCountKept() {
        Counter finished = Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "x", "reason", "y");
        finished.inc(3);
        TaskManagerMetricGroup finishedTaskManager = taskManager;
        Counter live = Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "x", "reason", "y");
        live.inc(4);

        finishedTaskManager.close();
        // Counts after removal are not the reporter's any more.
        finished.inc(100);
        live.inc(1);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsExactly(java.util.Map.entry("tenant_over_limit_total{tenant=\"x\",reason=\"y\"}", 8L));
    }

    @Test
    void snapshot_taskBusyTime_isSummedOverSubtasksAndKeptWhenFinished() {
        AtomicLong first = new AtomicLong(1_500);
        subtask().addTask(ExecutionAttemptID.randomId(), "rollup 1m").addGroup("io")
                .gauge(MetricNames.ACC_TASK_BUSY_TIME, (Gauge<Long>) first::get);
        TaskManagerMetricGroup finishing = taskManager;
        subtask().addTask(ExecutionAttemptID.randomId(), "rollup 1m").addGroup("io")
                .gauge(MetricNames.ACC_TASK_BUSY_TIME, (Gauge<Long>) () -> 2_500L);

        assertThat(AccountingReporter.snapshot(jobId.toString())).containsEntry("task_busy_ms{task=\"rollup 1m\"}", 4_000L);
        first.set(1_700);
        finishing.close();
        first.set(99_999);

        assertThat(AccountingReporter.snapshot(jobId.toString())).containsEntry("task_busy_ms{task=\"rollup 1m\"}", 4_200L);
    }

    @Test
    void snapshot_jobCheckpointGauges_keptUnderStrataNamesAtTheirLastValue() {
        AtomicLong size = new AtomicLong(4_000_000);
        TaskManagerJobMetricGroup job = subtask();
        job.gauge("lastCheckpointSize", (Gauge<Long>) size::get);
        job.gauge("lastCheckpointFullSize", (Gauge<Long>) () -> 90_000_000L);
        job.gauge("lastCheckpointDuration", (Gauge<Long>) () -> 850L);
        job.gauge("numberOfCompletedCheckpoints", (Gauge<Long>) () -> 12L);
        // A task's gauge of the same name is not the job's.
        job.addTask(ExecutionAttemptID.randomId(), "rollup 1m").gauge("lastCheckpointSize", (Gauge<Long>) () -> 1L);
        size.set(5_000_000);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsEntry(Accounting.CHECKPOINT_LAST_BYTES, 5_000_000L)
                .containsEntry(Accounting.CHECKPOINT_LAST_FULL_BYTES, 90_000_000L)
                .containsEntry(Accounting.CHECKPOINT_LAST_DURATION_MS, 850L)
                .containsEntry(Accounting.CHECKPOINTS_COMPLETED, 12L);
    }

    @Test
    void snapshot_unknownJob_isEmpty() {
        assertThat(AccountingReporter.snapshot(new JobID().toString())).isEmpty();
    }

    /**
     * {@code strata run} names its job "strata", so the job group's scope holds a component
     * "strata": Flink's own counters of that job (numRecordsIn under an operator, here under a
     * plain group) are then taken for accounting counters, e.g. {@code numRecordsIn{}}.
     */
    @Test
    void notifyOfAddedMetric_jobNamedStrataCounterOutsideStrataGroup_isIgnored() {
        subtask("strata").addGroup("Source: kafka").addGroup("0").counter("numRecordsIn").inc(7);

        assertThat(AccountingReporter.snapshot(jobId.toString())).isEmpty();
    }

    /**
     * The reporter finds the accounting group as the last scope component equal to "strata"; a
     * tenant named "strata" (e.g. the platform's own metrics) is then taken for the group, and
     * the count lands under {@code tenant_over_limit_total{reason="y"}}.
     */
    @Test
    void notifyOfAddedMetric_tenantNamedStrata_keepsTenantLabel() {
        Accounting.counter(subtask(), Accounting.TENANT_OVER_LIMIT, "tenant", "strata", "reason", "y").inc(3);

        assertThat(AccountingReporter.snapshot(jobId.toString()))
                .containsExactly(java.util.Map.entry("tenant_over_limit_total{tenant=\"strata\",reason=\"y\"}", 3L));
    }
}
