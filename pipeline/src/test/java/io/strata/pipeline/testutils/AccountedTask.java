package io.strata.pipeline.testutils;

import io.strata.pipeline.metrics.AccountingReporter;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * A task environment for harnesses ({@link Harnesses#operator}) whose metrics reach {@link
 * AccountingReporter}, so a test reads the counts back as {@code strata run} reads them.
 */
public final class AccountedTask implements AutoCloseable {

    private final AccountingReporter reporter = new AccountingReporter();
    private final JobID jobId = new JobID();
    private final TaskManagerMetricGroup taskManager;
    private final MockEnvironment environment;

    /** A task named {@code task} of a job of its own. */
    public AccountedTask(String task) {
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer(reporter::notifyOfAddedMetric)
                .setUnregisterConsumer(reporter::notifyOfRemovedMetric)
                .build();
        taskManager = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "localhost", ResourceID.generate());
        environment = new MockEnvironmentBuilder()
                .setMetricGroup(taskManager.addJob(jobId, "strata").addTask(ExecutionAttemptID.randomId(), task))
                .build();
    }

    public MockEnvironment environment() {
        return environment;
    }

    /** The accounting counters of the task's job, as {@code strata run} prints them. */
    public Map<String, Long> counters() {
        return AccountingReporter.snapshot(jobId.toString());
    }

    @Override
    public void close() throws Exception {
        environment.close();
        taskManager.close();
    }
}
