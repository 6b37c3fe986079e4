package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Sample;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Buffers samples per tenant and sends them as remote_write requests. Not thread-safe. */
final class RemoteWriteSinkWriter implements SinkWriter<Sample> {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSinkWriter.class);

    static final String TENANT_HEADER = "X-Scope-OrgID";
    private static final String USER_AGENT = "strata/0.1";

    private final RemoteWriteSettings settings;
    private final HttpClient client;
    private final Map<String, List<Sample>> buffers = new LinkedHashMap<>();
    private int buffered;
    private final Counter sent;
    private final Counter rejected;
    private final Counter retries;
    private final MetricGroup requestsByStatus;
    private final Map<Integer, Counter> statusCounters = new java.util.HashMap<>();

    private final ProcessingTimeService timers;
    private boolean flushScheduled;

    RemoteWriteSinkWriter(RemoteWriteSettings settings, MetricGroup metrics, ProcessingTimeService timers) {
        this.settings = settings;
        this.timers = timers;
        this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
        this.sent = Accounting.counter(metrics, Accounting.REMOTE_WRITE_SAMPLES_SENT);
        this.rejected = Accounting.counter(metrics, Accounting.REMOTE_WRITE_SAMPLES_REJECTED);
        this.retries = Accounting.counter(metrics, Accounting.REMOTE_WRITE_RETRIES);
        this.requestsByStatus = metrics;
    }

    @Override
    public void write(Sample sample, Context context) throws IOException, InterruptedException {
        String tenant = settings.sendTenantHeader() ? sample.tenant() : "";
        buffers.computeIfAbsent(tenant, t -> new ArrayList<>()).add(sample);
        if (++buffered >= settings.maxBatchSamples()) {
            flush(false);
        } else if (!flushScheduled) {
            // A partial batch waits at most maxBatchAge, so quiet streams stay fresh.
            flushScheduled = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + settings.maxBatchAge().toMillis(), time -> {
                flushScheduled = false;
                flush(false);
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        for (Map.Entry<String, List<Sample>> entry : buffers.entrySet()) {
            List<Sample> batch = entry.getValue();
            for (int from = 0; from < batch.size(); from += settings.maxBatchSamples()) {
                send(entry.getKey(), batch.subList(from, Math.min(batch.size(), from + settings.maxBatchSamples())));
            }
        }
        buffers.clear();
        buffered = 0;
    }

    private void send(String tenant, List<Sample> batch) throws IOException, InterruptedException {
        byte[] body = RemoteWriteRequestEncoder.encode(batch);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        settings.headers().forEach(request::header);
        if (!tenant.isEmpty()) {
            request.header(TENANT_HEADER, tenant);
        }
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            int status;
            String answer;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                status = 0;
                answer = e.toString();
            }
            statusCounter(status).inc();
            switch (RemoteWriteResponse.classify(status, answer)) {
                case DELIVERED -> {
                    sent.inc(batch.size());
                    return;
                }
                case REJECTED -> {
                    rejected.inc(batch.size());
                    LOG.warn("remote_write to {} rejected {} samples with {}: {}", settings.url(), batch.size(), status, answer);
                    return;
                }
                case RETRY -> {
                    if (attempt >= settings.maxRetries()) {
                        throw new IOException("remote_write to " + settings.url() + " failed after " + (attempt + 1)
                                + " attempts, last answer " + (status == 0 ? "" : status + " ") + answer
                                + ": is the receiver up? The job restarts from its last checkpoint and sends again.");
                    }
                    retries.inc();
                    Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
                }
            }
        }
    }

    private Counter statusCounter(int status) {
        return statusCounters.computeIfAbsent(status, s -> Accounting.counter(requestsByStatus,
                Accounting.REMOTE_WRITE_REQUESTS, "status", s == 0 ? "no_answer" : Integer.toString(s)));
    }

    @Override
    public void close() {
        // java.net.http.HttpClient holds no resources that need closing before Java 21.
    }
}
