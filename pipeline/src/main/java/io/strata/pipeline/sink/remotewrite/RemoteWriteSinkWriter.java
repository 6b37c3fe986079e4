package io.strata.pipeline.sink.remotewrite;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.cold.RejectedRowMerger;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches samples into remote_write requests and sends them, several at a time: samples are
 * sharded by series, each shard has at most one request in flight and sends its batches in
 * order, so every series reaches the receiver in timestamp order.
 *
 * <p>Every method runs on the task's mailbox thread; HTTP answers come back to it as mails, so
 * the writer's fields need no locks. An exception thrown from a mail (401/403, retries
 * exhausted) fails the task, which restarts from its last checkpoint.
 *
 * <p>The samples the receiver refused for their series alone, and those too old for it, are,
 * when kept, handed over at each checkpoint as committables (the sink's way to the cold rejected
 * dataset).
 *
 * <p>Too old: the receiver's head is at least the newest sample it accepted from this writer, and
 * Prometheus refuses ({@code out of bounds}) what is older than its head minus one hour, rolling
 * back the whole request. So samples older than that minus {@code receiver-window} are not sent;
 * a request refused as out of bounds all the same is split by timestamp once, and what is still
 * refused is too old.
 */
final class RemoteWriteSinkWriter implements StatefulSinkWriter<Sample, RemoteWriteWriterState>,
        CommittingSinkWriter<Sample, Rejected> {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSinkWriter.class);

    /**
     * How many rows of refused samples (one per series, reason and hour), in multiples of {@code
     * max-buffered-samples}, are kept per checkpoint for the rejected output: a receiver refusing
     * everything must not exhaust the heap. Merged here, a refusal costs a map lookup, not a
     * committable per sample.
     */
    static final int KEPT_REJECTED_PER_BUFFERED_SAMPLE = 10;

    private final RemoteWriteSettings settings;
    private final RemoteWriteHttp http;
    private final RemoteWriteMetrics metrics;
    private final MailboxExecutor mailbox;
    private final ProcessingTimeService timers;
    private final SeriesHighWaterMarks highWaterMarks;
    private final Shard[] shards;
    private final EnumSet<RemoteWriteRejectReason> loggedReasons = EnumSet.noneOf(RemoteWriteRejectReason.class);
    /** The receiver's rejections since the last {@link #prepareCommit}; {@code null} when they are only counted. */
    private final RejectedRowMerger rejectedSinceCommit;
    private final String tooOldDetail;
    /** Refused samples since the last {@link #prepareCommit} beyond what is kept: only counted. */
    private long rejectedNotKept;
    /** Samples taken by {@link #write} and not yet delivered, found already delivered, or rejected. */
    private int unresolved;
    /** The newest sample timestamp the receiver accepted from this writer, by batch tenant: each tenant is its own head. */
    private final Map<String, Long> newestAcceptedEpochMillis = new HashMap<>(2);
    private boolean timerArmed;

    RemoteWriteSinkWriter(RemoteWriteSettings settings, RemoteWriteHttp http, RemoteWriteMetrics metrics, MailboxExecutor mailbox,
            ProcessingTimeService timers, Collection<RemoteWriteWriterState> restored, boolean keepRejected) {
        this.settings = settings;
        this.rejectedSinceCommit = keepRejected ? new RejectedRowMerger(maxKeptRejected(settings)) : null;
        // One text for every such refusal, so that a series' refused samples merge into one row per hour.
        this.tooOldDetail = "older than the receiver's window (hot.remote-write.receiver-window "
                + settings.receiverWindow().toString().substring(2).toLowerCase(Locale.ROOT) + ") behind the newest sample it accepted";
        this.http = http;
        this.metrics = metrics;
        this.mailbox = mailbox;
        this.timers = timers;
        this.highWaterMarks = new SeriesHighWaterMarks(settings.highWaterMarkMaxSeries());
        restored.forEach(highWaterMarks::restore);
        this.shards = new Shard[settings.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard();
        }
    }

    @Override
    public void write(Sample input, Context context) throws IOException, InterruptedException {
        SeriesLabels.Entry labels = SeriesLabels.of(input);
        Sample sample = labels.sorted(input);
        if (labels.invalid() != null) {
            reject(labels.invalid(), 1, sample, null);
            return;
        }
        long series = seriesKey(sample);
        if (highWaterMarks.isDelivered(series, sample.timestampEpochMillis())) {
            metrics.alreadyDelivered(1);
            return;
        }
        unresolved++;
        Shard shard = shards[Math.floorMod(Long.hashCode(series), shards.length)];
        if (shard.add(sample, labels.fields().length)) {
            dispatch(shard);
        }
        armTimer();
        // Full: wait for answers. Partial batches are sealed only if nothing else is queued, so
        // that a full buffer does not degrade into requests of a few samples each.
        while (unresolved >= settings.maxBufferedSamples()) {
            if (!anyQueued()) {
                sealAll();
                // Too-old samples are resolved without an answer: there may be nothing to wait for.
                continue;
            }
            mailbox.yield();
        }
    }

    /** Sends every batch and waits until each sample is resolved: called before every checkpoint barrier. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sealAll();
        while (unresolved > 0) {
            mailbox.yield();
        }
    }

    /** Called after {@link #flush}, so every sample written before the barrier is resolved. */
    @Override
    public Collection<Rejected> prepareCommit() {
        if (rejectedNotKept > 0) {
            LOG.warn("remote_write to {}: {} samples refused since the last checkpoint did not fit the {} rows kept for the"
                    + " rejected output; they are only counted in {}", settings.url(), rejectedNotKept, maxKeptRejected(settings),
                    io.strata.pipeline.metrics.Accounting.REMOTE_WRITE_SAMPLES_REJECTED);
            rejectedNotKept = 0;
        }
        if (rejectedSinceCommit == null || rejectedSinceCommit.size() == 0) {
            return List.of();
        }
        List<Rejected> committables = new ArrayList<>(rejectedSinceCommit.size());
        rejectedSinceCommit.drain(committables::add);
        return committables;
    }

    @Override
    public List<RemoteWriteWriterState> snapshotState(long checkpointId) {
        return List.of(highWaterMarks.snapshot());
    }

    @Override
    public void close() {
        // Nothing to release: java.net.http.HttpClient needs no close before Java 21, and answers
        // arriving after this are dropped by the closed mailbox.
    }

    /** The high-water-mark key: the series id, told apart by tenant when tenants go to separate stores. */
    private long seriesKey(Sample sample) {
        return settings.sendTenantHeader() ? sample.seriesId() ^ (sample.tenant().hashCode() * 0x9E3779B97F4A7C15L) : sample.seriesId();
    }

    private void armTimer() {
        if (!timerArmed) {
            timerArmed = true;
            timers.registerTimer(timers.getCurrentProcessingTime() + settings.maxBatchAge().toMillis(), time -> {
                timerArmed = false;
                sealAll();
            });
        }
    }

    private void sealAll() {
        for (Shard shard : shards) {
            shard.sealAll();
            dispatch(shard);
        }
    }

    private boolean anyQueued() {
        for (Shard shard : shards) {
            if (!shard.queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void dispatch(Shard shard) {
        while (!shard.inFlight && !shard.queue.isEmpty()) {
            RemoteWriteBatch batch = shard.queue.peekFirst();
            rejectTooOld(batch);
            if (batch.size() == 0) {
                shard.queue.pollFirst();
                continue;
            }
            shard.inFlight = true;
            attempt(shard, batch, 0);
        }
    }

    /** Takes out of {@code batch} the samples the receiver is sure to refuse as too old, and rejects them. */
    private void rejectTooOld(RemoteWriteBatch batch) {
        long window = settings.receiverWindow().toMillis();
        Long newestAccepted = newestAcceptedEpochMillis.get(batch.tenant());
        if (window == 0 || newestAccepted == null) {
            return;
        }
        List<Sample> tooOld = batch.removeOlderThan(newestAccepted - window);
        if (!tooOld.isEmpty()) {
            unresolved -= tooOld.size();
            rejectAsTooOld(tooOld, tooOldDetail);
        }
    }

    private void attempt(Shard shard, RemoteWriteBatch batch, long delayMillis) {
        byte[] body = batch.body();
        metrics.sending(body.length);
        Supplier<CompletableFuture<Answer>> send = () -> {
            long start = System.nanoTime();
            return http.send(body, batch.tenant()).handle((response, error) -> new Answer(response, error, System.nanoTime() - start));
        };
        CompletableFuture<Answer> answer = delayMillis <= 0 ? send.get()
                : CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
                        .thenCompose(ignored -> send.get());
        answer.thenAccept(a -> toMailbox(() -> onAnswer(shard, batch, a)));
    }

    private void toMailbox(ThrowingRunnable<? extends Exception> mail) {
        try {
            mailbox.execute(mail, "remote_write answer");
        } catch (RejectedExecutionException e) {
            // The task is closing (cancelled or failed); what was in flight is replayed from the checkpoint.
        }
    }

    private void onAnswer(Shard shard, RemoteWriteBatch batch, Answer answer) throws IOException {
        if (answer.error() instanceof RemoteWriteHttp.CredentialsUnavailableException
                || answer.error() != null && answer.error().getCause() instanceof RemoteWriteHttp.CredentialsUnavailableException) {
            throw new IOException("remote_write to " + settings.url() + " could not be signed: " + settings.auth().credentialHint(),
                    answer.error());
        }
        int status = answer.status();
        metrics.request(status, batch.size(), TimeUnit.NANOSECONDS.toMillis(answer.nanos()));
        RemoteWriteResponse outcome = RemoteWriteResponse.classify(status, answer.body());
        switch (outcome) {
            case DELIVERED -> {
                metrics.delivered(batch.size());
                markDelivered(batch);
                newestAcceptedEpochMillis.merge(batch.tenant(), batch.newestEpochMillis(), Math::max);
                finish(shard, batch);
            }
            case RETRY -> {
                if (batch.retries() >= settings.maxRetries()) {
                    throw new IOException("remote_write to " + settings.url() + " failed " + (batch.retries() + 1)
                            + " times, last answer: " + answer.describe() + ". Is the receiver up? The job restarts from its last"
                            + " checkpoint and sends again; raise hot.remote-write.max-retries or max-backoff to wait longer.");
                }
                metrics.retry();
                batch.retried();
                attempt(shard, batch, backoffMillis(batch.retries(), answer.retryAfter()));
            }
            case UNAUTHORIZED -> throw new IOException("remote_write to " + settings.url() + " answered " + status + ": "
                    + settings.auth().credentialHint() + ". The receiver said: " + answer.describe());
            case TOO_OLD -> {
                RemoteWriteBatch[] halves = batch.splitByTime() ? null : batch.splitByTimestamp();
                if (halves != null) {
                    // Older half first, so each series stays in order; a success moves newestAccepted.
                    replaceWithHalves(shard, halves);
                    return;
                }
                rejectAsTooOld(batch.samples(), answer.describe());
                finish(shard, batch);
            }
            case ALREADY_DELIVERED, REJECTED, REJECTED_PERMANENT -> {
                RemoteWriteBatch[] halves = batch.split(outcome == RemoteWriteResponse.ALREADY_DELIVERED);
                if (halves != null) {
                    // Prometheus rolls back the whole request on the first bad sample: halve it to isolate it.
                    replaceWithHalves(shard, halves);
                    return;
                }
                if (outcome == RemoteWriteResponse.ALREADY_DELIVERED) {
                    metrics.alreadyDelivered(batch.size());
                    markDelivered(batch);
                } else {
                    rejectByReceiver(outcome == RemoteWriteResponse.REJECTED, batch, answer.describe());
                }
                finish(shard, batch);
            }
        }
    }

    /** Sends {@code halves} one after the other in place of the shard's head batch, ahead of its later ones. */
    private void replaceWithHalves(Shard shard, RemoteWriteBatch[] halves) {
        shard.queue.pollFirst();
        shard.queue.addFirst(halves[1]);
        shard.queue.addFirst(halves[0]);
        shard.inFlight = false;
        dispatch(shard);
    }

    private void finish(Shard shard, RemoteWriteBatch batch) {
        shard.queue.pollFirst();
        shard.inFlight = false;
        unresolved -= batch.size();
        dispatch(shard);
    }

    private void markDelivered(RemoteWriteBatch batch) {
        for (Sample s : batch.samples()) {
            highWaterMarks.delivered(seriesKey(s), s.timestampEpochMillis());
        }
    }

    /** Exponential backoff with jitter, never shorter than the receiver's {@code Retry-After}. */
    private long backoffMillis(int retries, String retryAfter) {
        long ceiling = Math.min(settings.maxBackoff().toMillis(), settings.initialBackoff().toMillis() << Math.min(retries - 1, 30));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Math.max(jittered, retryAfterMillis(retryAfter, Instant.now()));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110 10.2.3); 0 if absent or unreadable. */
    static long retryAfterMillis(String retryAfter, Instant now) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return 0;
        }
        String value = retryAfter.trim();
        try {
            return Math.max(0, Long.parseLong(value) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                return Math.max(0, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - now.toEpochMilli());
            } catch (DateTimeParseException notADate) {
                return 0;
            }
        }
    }

    /** Counts the samples of one series the receiver refused, and keeps them for the rejected output if asked to. */
    private void rejectByReceiver(boolean clientError, RemoteWriteBatch batch, String receiverMessage) {
        reject(clientError ? RemoteWriteRejectReason.RECEIVER_REJECTED : RemoteWriteRejectReason.RECEIVER_PERMANENT_ERROR,
                batch.size(), batch.samples().get(0), receiverMessage);
        keep(batch.samples(), clientError ? RejectReason.REMOTE_WRITE_REJECTED : RejectReason.REMOTE_WRITE_PERMANENT_ERROR,
                receiverMessage);
    }

    /** Counts samples of any series that are too old for the receiver, and keeps them for the rejected output if asked to. */
    private void rejectAsTooOld(List<Sample> samples, String detail) {
        reject(RemoteWriteRejectReason.TOO_OLD, samples.size(), samples.get(0), null);
        keep(samples, RejectReason.REMOTE_WRITE_TOO_OLD, detail);
    }

    private void keep(List<Sample> samples, RejectReason reason, String detail) {
        if (rejectedSinceCommit == null) {
            return;
        }
        for (Sample sample : samples) {
            if (!rejectedSinceCommit.offer(Rejected.ofSample(sample, reason, detail))) {
                rejectedNotKept++;
            }
        }
    }

    private static int maxKeptRejected(RemoteWriteSettings settings) {
        return (int) Math.min(Integer.MAX_VALUE, (long) KEPT_REJECTED_PER_BUFFERED_SAMPLE * settings.maxBufferedSamples());
    }

    /** Counts a rejection; logs metric and label names, never label values. */
    private void reject(RemoteWriteRejectReason reason, int samples, Sample example, String receiverMessage) {
        metrics.rejected(reason, samples);
        if (receiverMessage != null) {
            LOG.warn("remote_write to {} rejected {} samples of one series of {} (labels {}): {}", settings.url(), samples,
                    metricNameOf(example), String.join(",", example.labelNames()), receiverMessage);
        } else if (loggedReasons.add(reason)) {
            LOG.warn("remote_write does not send samples with {} (first: {} labels {}); further ones are only counted in {}{{reason=\"{}\"}}",
                    reason.label(), metricNameOf(example), String.join(",", example.labelNames()),
                    io.strata.pipeline.metrics.Accounting.REMOTE_WRITE_SAMPLES_REJECTED, reason.label());
        }
    }

    private static String metricNameOf(Sample sample) {
        String name = Labels.metricName(sample.labelNames(), sample.labelValues());
        return name == null || !RemoteWriteLabels.isValidMetricName(name) ? "(invalid metric name)" : name;
    }

    /** The samples of one shard: partial batches by tenant, then sealed batches sent in order, one at a time. */
    private final class Shard {
        final Map<String, Pending> pending = new HashMap<>(2);
        final ArrayDeque<RemoteWriteBatch> queue = new ArrayDeque<>();
        boolean inFlight;

        /** Adds {@code sample}, whose labels encode to {@code labelBytes}; true if that sealed a batch. */
        boolean add(Sample sample, int labelBytes) {
            String tenant = settings.sendTenantHeader() ? sample.tenant() : "";
            Pending batch = pending.computeIfAbsent(tenant, t -> new Pending());
            int bytes = RemoteWriteBatch.estimateBytes(sample, labelBytes);
            boolean sealed = false;
            if (!batch.samples.isEmpty() && batch.bytes + bytes > settings.maxBatchBytes()) {
                seal(tenant, batch);
                sealed = true;
            }
            batch.samples.add(sample);
            batch.bytes += bytes;
            if (batch.samples.size() >= settings.maxBatchSamples()) {
                seal(tenant, batch);
                sealed = true;
            }
            return sealed;
        }

        void sealAll() {
            pending.forEach((tenant, batch) -> {
                if (!batch.samples.isEmpty()) {
                    seal(tenant, batch);
                }
            });
        }

        private void seal(String tenant, Pending batch) {
            queue.addLast(new RemoteWriteBatch(tenant, batch.samples, SeriesLabels::fields));
            batch.samples = new ArrayList<>();
            batch.bytes = 0;
        }
    }

    private static final class Pending {
        List<Sample> samples = new ArrayList<>();
        int bytes;
    }

    /** One attempt's outcome: the response, or the error that stood for it. */
    private record Answer(HttpResponse<String> response, Throwable error, long nanos) {

        int status() {
            return response == null ? 0 : response.statusCode();
        }

        String body() {
            return response == null ? String.valueOf(error) : response.body();
        }

        String retryAfter() {
            return response == null ? null : response.headers().firstValue("Retry-After").orElse(null);
        }

        /** Status and answer, label values masked and cut ({@link ReceiverMessage}): fit for logs, exceptions and rejected rows. */
        String describe() {
            String text = body() == null ? "" : ReceiverMessage.redact(body().strip());
            return response == null ? "no answer (" + text + ")" : response.statusCode() + (text.isEmpty() ? "" : " " + text);
        }
    }
}
