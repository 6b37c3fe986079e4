package io.strata.pipeline.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.metrics.MetricNames;

/**
 * A metric reporter for jobs that run in this JVM (the local MiniCluster of {@code strata demo}
 * and {@code strata run}, and the integration tests): it sums Strata's accounting counters
 * across subtasks, per job, and keeps the final counts of tasks that have finished. Strata's
 * gauges (whole numbers) it reports at their largest across subtasks, a finished task's at its
 * last value. Flink's accumulated busy and back-pressured time of each task it sums over the
 * task's subtasks, as {@link Accounting#TASK_BUSY_MS} and {@link Accounting#TASK_BACK_PRESSURED_MS};
 * the job's checkpoint count, last duration and sizes it keeps under {@link Accounting#CHECKPOINTS_COMPLETED}
 * and the other {@code checkpoint_*} names.
 *
 * <p>Register it with {@link AccountingReporterFactory}; read it with {@link #snapshot}.
 */
public final class AccountingReporter implements MetricReporter {

    private static final Map<String, JobCounters> JOBS = new ConcurrentHashMap<>();
    private static final Map<String, String> TASK_TIMES = Map.of(
            MetricNames.ACC_TASK_BUSY_TIME, Accounting.TASK_BUSY_MS,
            MetricNames.ACC_TASK_BACK_PRESSURED_TIME, Accounting.TASK_BACK_PRESSURED_MS);
    /** Flink's checkpoint gauges of a job (JobManager scope), kept under Strata's names. */
    private static final Map<String, String> CHECKPOINT_GAUGES = Map.of(
            "numberOfCompletedCheckpoints", Accounting.CHECKPOINTS_COMPLETED,
            "lastCheckpointDuration", Accounting.CHECKPOINT_LAST_DURATION_MS,
            "lastCheckpointSize", Accounting.CHECKPOINT_LAST_BYTES,
            "lastCheckpointFullSize", Accounting.CHECKPOINT_LAST_FULL_BYTES);

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String summed = summedKey(metric, metricName, group);
        String key = gaugeKey(metricName, group);
        if (summed != null) {
            JOBS.computeIfAbsent(jobId(group), id -> new JobCounters()).live
                    .computeIfAbsent(summed, k -> new CopyOnWriteArrayList<>()).add(metric);
        } else if (key != null && metric instanceof Gauge<?>) {
            JOBS.computeIfAbsent(jobId(group), id -> new JobCounters()).liveGauges
                    .computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        String summed = summedKey(metric, metricName, group);
        String key = gaugeKey(metricName, group);
        JobCounters job = JOBS.get(jobId(group));
        if (job == null) {
            return;
        }
        // Moving a value from live to finished must look atomic to snapshot().
        synchronized (job) {
            if (summed != null) {
                List<Metric> live = job.live.get(summed);
                if (live != null && live.remove(metric)) {
                    job.finished.merge(summed, valueOf(metric), Long::sum);
                }
            } else if (key != null && metric instanceof Gauge<?>) {
                List<Metric> live = job.liveGauges.get(key);
                if (live != null && live.remove(metric)) {
                    job.finishedGauges.merge(key, valueOf(metric), Math::max);
                }
            }
        }
    }

    /** The current sum of every accounting counter of a job (gauges: their largest value), by {@code name} or {@code name{label="value"}}. */
    public static Map<String, Long> snapshot(String jobId) {
        JobCounters job = JOBS.get(jobId);
        Map<String, Long> sums = new TreeMap<>();
        if (job == null) {
            return sums;
        }
        synchronized (job) {
            job.finished.forEach((key, count) -> sums.merge(key, count, Long::sum));
            job.live.forEach((key, metrics) -> sums.merge(key, metrics.stream().mapToLong(AccountingReporter::valueOf).sum(), Long::sum));
            job.finishedGauges.forEach(sums::put);
            job.liveGauges.forEach((key, gauges) -> gauges.forEach(gauge -> sums.merge(key, valueOf(gauge), Math::max)));
        }
        return sums;
    }

    private static String keyOf(String metricName, MetricGroup group) {
        // Labels are key-value groups under "strata": [.., strata, label1, value1, label2, value2].
        // Flink records each as the variable <label> = value, which tells them from a job or
        // operator (or a label value) that happens to be named "strata".
        String[] scope = group.getScopeComponents();
        Map<String, String> variables = group.getAllVariables();
        int end = scope.length;
        while (end >= 3 && scope[end - 1].equals(variables.get("<" + scope[end - 2] + ">"))) {
            end -= 2;
        }
        if (end == 0 || !Accounting.GROUP.equals(scope[end - 1])) {
            return null;
        }
        return end == scope.length ? metricName : Accounting.key(metricName, Arrays.copyOfRange(scope, end, scope.length));
    }

    /** The key of a gauge kept at its largest: a Strata gauge, or one of Flink's checkpoint gauges of the job; else {@code null}. */
    private static String gaugeKey(String metricName, MetricGroup group) {
        String checkpoint = CHECKPOINT_GAUGES.get(metricName);
        if (checkpoint != null && !group.getAllVariables().containsKey("<task_name>")) {
            return checkpoint;
        }
        return keyOf(metricName, group);
    }

    /**
     * The key of a metric summed over subtasks: a Strata counter, or Flink's accumulated busy or
     * back-pressured time of a task ({@code task_busy_ms{task="..."}}); else {@code null}.
     */
    private static String summedKey(Metric metric, String metricName, MetricGroup group) {
        if (metric instanceof Counter) {
            return keyOf(metricName, group);
        }
        String name = TASK_TIMES.get(metricName);
        String task = group.getAllVariables().get("<task_name>");
        return metric instanceof Gauge<?> && name != null && task != null ? Accounting.key(name, "task", task) : null;
    }

    private static long valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        return metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number ? number.longValue() : 0;
    }

    private static String jobId(MetricGroup group) {
        return group.getAllVariables().getOrDefault("<job_id>", "unknown");
    }

    private static final class JobCounters {
        /** Counters and task times, summed over subtasks. */
        final Map<String, List<Metric>> live = new ConcurrentHashMap<>();
        final Map<String, Long> finished = new ConcurrentHashMap<>();
        /** Strata's gauges, at their largest. */
        final Map<String, List<Metric>> liveGauges = new ConcurrentHashMap<>();
        final Map<String, Long> finishedGauges = new ConcurrentHashMap<>();
    }
}
