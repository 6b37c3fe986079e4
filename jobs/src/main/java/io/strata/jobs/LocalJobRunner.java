package io.strata.jobs;

import io.strata.jobs.config.StateBackendChoice;
import io.strata.pipeline.JobSettings;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.AccountingReporter;
import io.strata.pipeline.metrics.AccountingReporterFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.UUID;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a Strata graph on a local MiniCluster in this JVM, printing progress while it runs and
 * returning the final accounting counters.
 */
public final class LocalJobRunner {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    /** Managed memory of the local cluster when keyed state is in RocksDB. */
    static final String LOCAL_ROCKSDB_MANAGED_MEMORY = "512m";

    private LocalJobRunner() {}

    /** {@link #environment(int, Duration, StateBackendChoice)} with state on the heap. */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval) {
        return environment(parallelism, checkpointInterval, StateBackendChoice.HASHMAP);
    }

    /** A local environment with Strata's {@link JobSettings}, checkpoints to a throwaway directory and the accounting reporter. */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval, StateBackendChoice stateBackend) {
        Configuration config = new Configuration();
        stateBackend.applyTo(config);
        if (stateBackend == StateBackendChoice.ROCKSDB) {
            // RocksDB's block cache and write buffers come from managed memory; the MiniCluster's
            // default (128 MB for all of its RocksDB instances) makes it flush and compact without
            // end: 2,540 samples/s against 10,317 with 512 MB (docs/BENCHMARKS.md).
            config.setString("taskmanager.memory.managed.size", LOCAL_ROCKSDB_MANAGED_MEMORY);
        }
        config.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        // Checkpoints to files: the JobManager's memory refuses state over 5 MB, i.e. beyond a few
        // ten thousand series. A local run starts afresh, so a throwaway directory does.
        config.setString("execution.checkpointing.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "strata-checkpoints", UUID.randomUUID().toString()).toUri().toString());
        AccountingReporterFactory.register(config);
        return JobSettings.localEnvironment(parallelism, config);
    }

    /** Executes the graph built on {@code env} and waits for it to end; throws if the job failed. */
    public static Map<String, Long> run(StreamExecutionEnvironment env, String jobName, PrintStream progress) throws Exception {
        JobClient client = env.executeAsync(jobName);
        String jobId = client.getJobID().toHexString();
        long started = System.nanoTime();
        // The local cluster shuts down with the job, so wait on the result rather than polling the status.
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        while (!result.isDone()) {
            try {
                result.get(PROGRESS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                progress.println(progressLine(AccountingReporter.snapshot(jobId), (System.nanoTime() - started) / 1e9));
            }
        }
        result.get();
        return AccountingReporter.snapshot(jobId);
    }

    /**
     * Executes a graph whose source never ends (Kinesis) until it has read everything there is:
     * once the decoded and rejected counts have not moved for {@code settle}, the job is stopped
     * with a draining savepoint, which fires every open window and commits every file.
     */
    public static Map<String, Long> runUntilSettled(StreamExecutionEnvironment env, String jobName, PrintStream progress,
            Duration settle, Path savepoints) throws Exception {
        JobClient client = env.executeAsync(jobName);
        String jobId = client.getJobID().toHexString();
        long started = System.nanoTime();
        long lastRead = -1;
        long lastChange = System.nanoTime();
        while (true) {
            Thread.sleep(PROGRESS_INTERVAL.toMillis());
            Map<String, Long> counters = AccountingReporter.snapshot(jobId);
            long read = counters.getOrDefault(Accounting.SAMPLES_DECODED, 0L) + Summary.sum(counters, Accounting.FRAMES_REJECTED);
            progress.println(progressLine(counters, (System.nanoTime() - started) / 1e9));
            if (read != lastRead) {
                lastRead = read;
                lastChange = System.nanoTime();
            } else if (read > 0 && System.nanoTime() - lastChange >= settle.toNanos()) {
                break;
            }
        }
        client.stopWithSavepoint(true /* drain */, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        client.getJobExecutionResult().get();
        return AccountingReporter.snapshot(jobId);
    }

    private static String progressLine(Map<String, Long> c, double seconds) {
        return String.format("  [%5.1fs] decoded %,d  accepted %,d  rejected %,d  rollups %,d  sent %,d",
                seconds, c.getOrDefault(Accounting.SAMPLES_DECODED, 0L), c.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L),
                Summary.sum(c, Accounting.SAMPLES_REJECTED), Summary.sum(c, Accounting.ROLLUPS_EMITTED),
                c.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L));
    }
}
