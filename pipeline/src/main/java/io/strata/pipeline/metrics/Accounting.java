package io.strata.pipeline.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Strata's accounting counters, registered under the {@value #GROUP} group of an operator's
 * metric group, with at most two labels. The Prometheus reporter exports them with the label,
 * e.g. {@code ..._strata_samples_rejected_total{reason="forbidden_label"}}; the command line
 * sums them across subtasks through {@link AccountingReporter}.
 */
public final class Accounting {

    public static final String GROUP = "strata";

    /** Frames read (not rejected whole); their series and samples are accounted on their own. */
    public static final String FRAMES_DECODED = "frames_decoded_total";
    public static final String SAMPLES_DECODED = "samples_decoded_total";
    public static final String SAMPLES_ACCEPTED = "samples_accepted_total";
    public static final String SAMPLES_REJECTED = "samples_rejected_total";
    public static final String FRAMES_REJECTED = "frames_rejected_total";
    public static final String SAMPLES_LATE = "samples_late_total";
    public static final String SAMPLES_SKIPPED_BY_ROLLUP = "rollup_samples_skipped_total";
    public static final String TENANT_OVER_LIMIT = "tenant_over_limit_total";
    public static final String ROLLUPS_EMITTED = "rollups_emitted_total";
    /** Corrected results re-emitted for windows updated within their allowed lateness (cold only). */
    public static final String ROLLUP_CORRECTIONS = "rollup_corrections_total";
    /** Finer rollups that reached a coarser window after its allowed lateness (0 while lateness grows with resolution). */
    public static final String ROLLUPS_LATE = "rollups_late_total";
    /** Finer rollups a coarser window could not merge (bad histogram data); the window keeps the others. */
    public static final String ROLLUPS_INVALID = "rollups_invalid_total";
    /** Samples recording rules do not keep, labelled {@code reason}: {@code invalid_histogram}, {@code stale_marker}. */
    public static final String RULE_SAMPLES_SKIPPED = "rule_samples_skipped_total";
    /** Rule evaluations (per series or per group) that failed on bad data and gave no result. */
    public static final String RULE_EVALUATIONS_FAILED = "rule_evaluations_failed_total";
    /** Samples a recording rule reads that arrived after an evaluation that should have read them had run. */
    public static final String RULE_SAMPLES_LATE = "rule_samples_late_total";
    public static final String RULE_RESULTS_EMITTED = "rule_results_emitted_total";
    /** Samples the receiver accepted (2xx). */
    public static final String REMOTE_WRITE_SAMPLES_SENT = "remote_write_samples_sent_total";
    /** Samples not sent or refused, labelled {@code reason} (the sink's RemoteWriteRejectReason). */
    public static final String REMOTE_WRITE_SAMPLES_REJECTED = "remote_write_samples_rejected_total";
    /** Samples at or before their series' last delivered timestamp: a replay after a restore. */
    public static final String REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED = "remote_write_samples_already_delivered_total";
    /** Requests by answer, labelled {@code status} (the HTTP code, or {@code no_answer}). */
    public static final String REMOTE_WRITE_REQUESTS = "remote_write_requests_total";
    public static final String REMOTE_WRITE_RETRIES = "remote_write_retries_total";
    /** Histogram of request latency in milliseconds, per attempt. */
    public static final String REMOTE_WRITE_REQUEST_LATENCY_MS = "remote_write_request_latency_ms";
    /** Histogram of samples per request. */
    public static final String REMOTE_WRITE_BATCH_SAMPLES = "remote_write_batch_samples";

    /**
     * Milliseconds a task (an operator chain) was busy, summed over its subtasks and labelled
     * {@code task}: Flink's own {@code accumulateBusyTimeMs}, which the command line reports per task.
     */
    public static final String TASK_BUSY_MS = "task_busy_ms";
    /** As {@link #TASK_BUSY_MS}, for the time a task waited on back pressure ({@code accumulateBackPressuredTimeMs}). */
    public static final String TASK_BACK_PRESSURED_MS = "task_back_pressured_ms";
    /** Checkpoints the job completed (Flink's {@code numberOfCompletedCheckpoints}). */
    public static final String CHECKPOINTS_COMPLETED = "checkpoints_completed";
    /** Duration of the last completed checkpoint (Flink's {@code lastCheckpointDuration}). */
    public static final String CHECKPOINT_LAST_DURATION_MS = "checkpoint_last_duration_ms";
    /** Bytes the last checkpoint uploaded; less than its full size when incremental (Flink's {@code lastCheckpointSize}). */
    public static final String CHECKPOINT_LAST_BYTES = "checkpoint_last_bytes";
    /** Full size of the last checkpoint, all its state (Flink's {@code lastCheckpointFullSize}). */
    public static final String CHECKPOINT_LAST_FULL_BYTES = "checkpoint_last_full_bytes";

    private Accounting() {}

    /** A counter without labels. */
    public static Counter counter(MetricGroup operatorGroup, String name) {
        return operatorGroup.addGroup(GROUP).counter(name);
    }

    /** A counter with one label, e.g. {@code samples_rejected_total{reason="forbidden_label"}}. */
    public static Counter counter(MetricGroup operatorGroup, String name, String labelName, String labelValue) {
        return operatorGroup.addGroup(GROUP).addGroup(labelName, labelValue).counter(name);
    }

    /** A counter with two labels, e.g. {@code tenant_over_limit_total{tenant="a",reason="max_series"}}. */
    public static Counter counter(MetricGroup operatorGroup, String name, String label1, String value1, String label2, String value2) {
        return operatorGroup.addGroup(GROUP).addGroup(label1, value1).addGroup(label2, value2).counter(name);
    }

    /** How a labelled counter is named in summaries: {@code name{label="value",...}}, labels in the order given. */
    public static String key(String name, String... labelNamesAndValues) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < labelNamesAndValues.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labelNamesAndValues[i]).append("=\"").append(labelNamesAndValues[i + 1]).append('"');
        }
        return key.append('}').toString();
    }
}
