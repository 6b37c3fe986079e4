package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.metrics.Accounting;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The remote_write sink's metrics under the {@value Accounting#GROUP} group: every sample that
 * reaches the writer ends in exactly one of delivered, already delivered or rejected (by reason).
 * Given the writer's {@link SinkWriterMetricGroup}, it also keeps Flink's standard sink metrics
 * (FLIP-33): {@code numRecordsSend} (samples delivered), {@code numBytesSend} (request bytes put
 * on the wire, retries included), {@code numRecordsSendErrors} (samples rejected) and {@code
 * currentSendTime} (the last request's round trip, ms). Used from the writer's mailbox thread only.
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
    private final Counter recordsSent;
    private final Counter bytesSent;
    private final Counter recordsSendErrors;
    private volatile long lastSendMillis;

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
        if (operatorGroup instanceof SinkWriterMetricGroup sink) {
            this.recordsSent = sink.getNumRecordsSendCounter();
            this.bytesSent = sink.getNumBytesSendCounter();
            this.recordsSendErrors = sink.getNumRecordsSendErrorsCounter();
            sink.setCurrentSendTimeGauge(() -> lastSendMillis);
        } else {
            this.recordsSent = new SimpleCounter();
            this.bytesSent = new SimpleCounter();
            this.recordsSendErrors = new SimpleCounter();
        }
    }

    /** A request of {@code bytes} bytes is put on the wire (a first attempt or a retry). */
    void sending(int bytes) {
        bytesSent.inc(bytes);
    }

    /** Flink's {@code currentSendTime}: the last request's round trip. */
    long currentSendTimeMillis() {
        return lastSendMillis;
    }

    void delivered(int samples) {
        delivered.inc(samples);
        recordsSent.inc(samples);
    }

    void alreadyDelivered(int samples) {
        alreadyDelivered.inc(samples);
    }

    void rejected(RemoteWriteRejectReason reason, int samples) {
        rejected.get(reason).inc(samples);
        recordsSendErrors.inc(samples);
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
        lastSendMillis = millis;
    }
}
