package io.strata.tests.testutils;

import static org.junit.jupiter.api.Assertions.fail;

import io.strata.pipeline.metrics.AccountingReporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a job on an unbounded source (Kinesis) in the local MiniCluster of
 * {@code LocalJobRunner.environment} and ends it with stop-with-savepoint once its accounting
 * counters show that the input was read.
 */
public final class UnboundedJobs {

    /** Flink's reason for declining a checkpoint while some task is not yet RUNNING. */
    private static final String NOT_ALL_TASKS_RUNNING = "Not all required tasks are currently running";
    /** Flink's reason when a task failed while the job was stopping with a savepoint. */
    private static final String FAILED_DURING_STOPPING = "failed during stopping";

    private UnboundedJobs() {}

    /** A running job and the id its accounting counters are kept under. */
    public record Running(JobClient client, String jobId) {

        public Map<String, Long> counters() {
            return AccountingReporter.snapshot(jobId);
        }

        /**
         * Polls the counters until {@code condition} holds. Polls because the job runs on its own
         * threads and offers no event to wait on; fails naming {@code what} if it never happens.
         */
        public void awaitCounters(Predicate<Map<String, Long>> condition, Duration timeout, String what) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!condition.test(counters())) {
                if (hasEnded()) {
                    fail("the job ended before " + what + "; counters " + counters());
                }
                if (System.nanoTime() > deadline) {
                    fail("not within " + timeout.toSeconds() + " s: " + what + "; counters " + counters());
                }
                Thread.sleep(100);
            }
        }

        /**
         * Stops the job with a savepoint and returns the final counters.
         *
         * @param drain advance to the end of event time first, as a bounded source does at its end,
         *     so that every open window fires and every output is committed
         */
        public Map<String, Long> stop(Path savepoints, boolean drain) throws Exception {
            stopWithSavepoint(savepoints, drain);
            return counters();
        }

        /** Stops with a savepoint and returns its path, without draining: windows stay open in the savepoint. */
        public String stopWithSavepoint(Path savepoints) throws Exception {
            return stopWithSavepoint(savepoints, false);
        }

        private String stopWithSavepoint(Path savepoints, boolean drain) throws Exception {
            // The counters can show the input read while a downstream task is still restoring its
            // state; a savepoint is then declined ("Not all required tasks are currently running")
            // and the job keeps running, so try again until every task runs. Right after a restore,
            // a source's split events can still be in flight; the stop then fails the job ("failed
            // during stopping"), which restarts from its last checkpoint: try again too.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    String path = client.stopWithSavepoint(drain, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                            .get(2, TimeUnit.MINUTES);
                    client.getJobExecutionResult().get(2, TimeUnit.MINUTES);
                    return path;
                } catch (ExecutionException e) {
                    String message = String.valueOf(e.getMessage());
                    boolean retryable = message.contains(NOT_ALL_TASKS_RUNNING) || message.contains(FAILED_DURING_STOPPING);
                    if (!retryable || hasEnded() || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }

        /**
         * Whether the job has ended: its status says so, or it cannot be read because the job's
         * local cluster shut down with it (then the stop's own failure is the one to report).
         */
        private boolean hasEnded() {
            try {
                return client.getJobStatus().get().isGloballyTerminalState();
            } catch (Exception clusterGone) {
                return true;
            }
        }
    }

    public static Running start(StreamExecutionEnvironment env, String jobName) throws Exception {
        JobClient client = env.executeAsync(jobName);
        return new Running(client, client.getJobID().toHexString());
    }
}
