package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.metrics.Accounting;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The remote_write sink's metrics under the {@value Accounting#GROUP} group: every sample that
 * reaches the writer ends in exactly one of delivered, already delivered or rejected (by reason).
 * Used from the writer's mailbox thread only.
 */
final class RemoteWriteMetrics {

    /** Window of the latency and batch-size histograms, per subtask. */
    private static final int HISTOGRAM_WINDOW = 1024;

    private final MetricGroup group;
    private final Counter delivered;
    private final Counter alreadyDelivered;
    private final Counter retries;
    private final Map<RemoteWriteRejectReason, Counter> rejected = new EnumMap<>(RemoteWriteRejectReason.class);
    private final Map<Integer, Counter> requestsByStatus = new HashMap<>();
    private final Histogram latencyMillis;
    private final Histogram batchSamples;

    RemoteWriteMetrics(MetricGroup operatorGroup) {
        this.group = operatorGroup;
        this.delivered = Accounting.counter(operatorGroup, Accounting.REMOTE_WRITE_SAMPLES_SENT);
        this.alreadyDelivered = Accounting.counter(operatorGroup, Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED);
        this.retries = Accounting.counter(operatorGroup, Accounting.REMOTE_WRITE_RETRIES);
        for (RemoteWriteRejectReason reason : RemoteWriteRejectReason.values()) {
            rejected.put(reason, Accounting.counter(operatorGroup, Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "reason", reason.label()));
        }
        MetricGroup strata = operatorGroup.addGroup(Accounting.GROUP);
        this.latencyMillis = strata.histogram(Accounting.REMOTE_WRITE_REQUEST_LATENCY_MS, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.batchSamples = strata.histogram(Accounting.REMOTE_WRITE_BATCH_SAMPLES, new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    void delivered(int samples) {
        delivered.inc(samples);
    }

    void alreadyDelivered(int samples) {
        alreadyDelivered.inc(samples);
    }

    void rejected(RemoteWriteRejectReason reason, int samples) {
        rejected.get(reason).inc(samples);
    }

    void retry() {
        retries.inc();
    }

    /** One answered (or unanswered: status 0) request of {@code samples} samples that took {@code millis}. */
    void request(int status, int samples, long millis) {
        requestsByStatus.computeIfAbsent(status, s -> Accounting.counter(group, Accounting.REMOTE_WRITE_REQUESTS,
                "status", s == 0 ? "no_answer" : Integer.toString(s))).inc();
        latencyMillis.update(millis);
        batchSamples.update(samples);
    }
}
