package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.FaultInjectingReceiver;
import io.strata.pipeline.testutils.FaultInjectingReceiver.Reply;
import io.strata.pipeline.testutils.FaultInjectingReceiver.Request;
import io.strata.pipeline.testutils.TestSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer against {@link FaultInjectingReceiver}, driven on the test thread as its mailbox
 * thread: {@code flush} yields to the mails that carry the receiver's answers.
 */
class RemoteWriteSinkWriterTest {

    private static final int SERIES = 20;
    private static final int TICKS = 10;

    private final FaultInjectingReceiver receiver = FaultInjectingReceiver.start();
    private final MailboxExecutor mailbox = new MailboxExecutorImpl(
            new TaskMailboxImpl(Thread.currentThread()), 0, StreamTaskActionExecutor.IMMEDIATE);
    /** The metrics of the writer made last. */
    private MetricListener metrics;

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void flush_floatsAndHistograms_deliveredWithRemoteWrite10Headers() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setSendTenantHeader(true).setHeaders(Map.of("X-Team", "platform")).build());
        TestSeries latency = TestSeries.ofTenant("team-a", "__name__", "action_ack_latency_seconds", "job", "gs");
        NativeHistogram histogram = new NativeHistogram(3, 1e-9, 0, 10, 0.12, new int[] {-54}, new int[] {3},
                new double[] {2, 5, 3}, new int[0], new int[0], new double[0], 0, false);
        NativeHistogram floatHistogram = new NativeHistogram(3, 1e-9, 0, 10.5, 0.12, new int[] {-54}, new int[] {3},
                new double[] {2.5, 5, 3}, new int[0], new int[0], new double[0], 0, true);

        writer.write(latency.histogram(T0, histogram), null);
        writer.write(latency.histogram(T0 + 10 * SECOND, floatHistogram), null);
        writer.write(TestSeries.ofTenant("team-a", "job", "gs", "__name__", "unsorted_labels").gauge(T0, 1), null);
        writer.flush(false);

        assertThat(receiver.requests()).allSatisfy(r -> {
            assertThat(r.header("Content-Encoding")).isEqualTo("snappy");
            assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
            assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
            assertThat(r.header("User-Agent")).startsWith("strata");
            assertThat(r.header("X-Scope-OrgID")).isEqualTo("team-a");
            assertThat(r.header("X-Team")).isEqualTo("platform");
        });
        assertThat(receiver.stored()).containsEntry("__name__=\"action_ack_latency_seconds\",job=\"gs\"", List.of(T0, T0 + 10 * SECOND))
                .containsEntry("__name__=\"unsorted_labels\",job=\"gs\"", List.of(T0));
        assertThat(receiver.requests().stream().flatMap(r -> r.body().getTimeseriesList().stream())
                .flatMap(s -> s.getHistogramsList().stream()))
                .extracting(h -> h.hasCountInt(), h -> h.hasCountFloat())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(true, false), org.assertj.core.groups.Tuple.tuple(false, true));
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo(3);
    }

    @Test
    void write_invalidLabels_countedByReasonAndNeverSent() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().build());

        writer.write(TestSeries.of("__name__", "ok_total", "job", "gs").counter(T0, 1), null);
        writer.write(TestSeries.of("__name__", "bad", "job-name", "gs").gauge(T0, 1), null);
        writer.write(TestSeries.of("__name__", "bad", "job", "a", "job", "b").gauge(T0, 1), null);
        writer.write(TestSeries.of("__name__", "bad", "job", "").gauge(T0, 1), null);
        writer.write(TestSeries.of("__name__", "bad-name", "job", "gs").gauge(T0, 1), null);
        writer.write(TestSeries.of("job", "gs").gauge(T0, 1), null);
        writer.flush(false);

        assertThat(receiver.stored()).containsOnlyKeys("__name__=\"ok_total\",job=\"gs\"");
        assertThat(rejected(RemoteWriteRejectReason.INVALID_LABEL_NAME)).isEqualTo(1);
        assertThat(rejected(RemoteWriteRejectReason.DUPLICATE_LABEL_NAME)).isEqualTo(1);
        assertThat(rejected(RemoteWriteRejectReason.EMPTY_LABEL_VALUE)).isEqualTo(1);
        assertThat(rejected(RemoteWriteRejectReason.INVALID_METRIC_NAME)).isEqualTo(2);
    }

    @Test
    void flush_sinkWriterMetricGroup_keepsFlinksStandardSinkMetrics() throws Exception {
        InternalSinkWriterMetricGroup sinkMetrics = InternalSinkWriterMetricGroup.wrap(UnregisteredMetricsGroup.createOperatorMetricGroup());
        RemoteWriteSettings settings = settings().setMaxBatchSamples(5).build();
        RemoteWriteSinkWriter writer = new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings),
                new RemoteWriteMetrics(sinkMetrics), mailbox, new TestProcessingTimeService(), List.of(), true);

        writeTicks(writer, 0, TICKS);
        writer.write(TestSeries.of("__name__", "bad-name", "job", "gs").gauge(T0, 1), null);
        writer.flush(false);

        assertThat(sinkMetrics.getNumRecordsSendCounter().getCount()).isEqualTo(receiver.storedSamples()).isEqualTo((long) SERIES * TICKS);
        assertThat(sinkMetrics.getNumRecordsSendErrorsCounter().getCount()).isEqualTo(1);
        // Snappy-compressed request bodies, at least a few bytes per sample sent.
        assertThat(sinkMetrics.getNumBytesSendCounter().getCount()).isGreaterThan(2L * SERIES * TICKS);
    }

    @Test
    void request_currentSendTime_isTheLastRoundTrip() {
        RemoteWriteMetrics metrics = new RemoteWriteMetrics(InternalSinkWriterMetricGroup.wrap(
                UnregisteredMetricsGroup.createOperatorMetricGroup()));

        metrics.request(204, 10, 42);
        metrics.request(204, 10, 7);

        assertThat(metrics.currentSendTimeMillis()).isEqualTo(7);
    }

    @Test
    void flush_manySeriesOverShards_everySeriesInOrderAndBatchesCapped() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(4).setMaxBatchSamples(7).build());

        writeTicks(writer, 0, TICKS);
        writer.flush(false);

        assertThat(receiver.storedSamples()).isEqualTo((long) SERIES * TICKS);
        assertThat(receiver.stored().values()).allSatisfy(ts -> assertThat(ts).isSortedAccordingTo(Long::compare).hasSize(TICKS));
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.samples()).isLessThanOrEqualTo(7));
        // Each series once per request, its samples together.
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.body().getTimeseriesList())
                .extracting(FaultInjectingReceiver::seriesKey).doesNotHaveDuplicates());
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo((long) SERIES * TICKS);
    }

    @Test
    void write_bufferFull_waitsForAnswersWithoutShrinkingBatches() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(2).setMaxBatchSamples(50).setMaxBufferedSamples(100).build());

        writeTicks(writer, 0, 100);
        writer.flush(false);

        assertThat(receiver.storedSamples()).isEqualTo(SERIES * 100L);
        // 2,000 samples in batches of 50: 40 requests, plus at most one partial batch per shard at the end.
        assertThat(receiver.requests()).hasSizeLessThanOrEqualTo(42);
    }

    @Test
    void flush_byteCap_splitsBatchesBelowIt() throws Exception {
        // Each sample of these series is estimated at 20 + 3 labels of ~20 bytes: about 80 bytes.
        RemoteWriteSinkWriter writer = writer(settings().setMaxBatchBytes(400).build());

        writeTicks(writer, 0, TICKS);
        writer.flush(false);

        assertThat(receiver.storedSamples()).isEqualTo((long) SERIES * TICKS);
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.body().getSerializedSize()).isLessThanOrEqualTo(400));
    }

    @Test
    void flush_429WithRetryAfter_waitsAtLeastThatLongThenDelivers() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).build());
        receiver.answerNext(Reply.tooManyRequests("1"));

        writeTicks(writer, 0, 1);
        writer.flush(false);

        List<Request> requests = receiver.requests();
        assertThat(requests).extracting(Request::status).containsExactly(429, 204);
        // A lower bound, not a timing benchmark: the retry must not come before Retry-After.
        assertThat(Duration.ofNanos(requests.get(1).receivedNanos() - requests.get(0).receivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(counter(Accounting.REMOTE_WRITE_RETRIES)).isEqualTo(1);
        assertThat(receiver.storedSamples()).isEqualTo(SERIES);
    }

    @Test
    void retryAfterMillis_secondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-26T23:00:00Z");
        assertThat(RemoteWriteSinkWriter.retryAfterMillis("3", now)).isEqualTo(3000);
        assertThat(RemoteWriteSinkWriter.retryAfterMillis("Thu, 26 Nov 2026 23:00:05 GMT", now)).isEqualTo(5000);
        assertThat(RemoteWriteSinkWriter.retryAfterMillis("Thu, 26 Nov 2026 22:59:00 GMT", now)).isZero();
        assertThat(RemoteWriteSinkWriter.retryAfterMillis("soon", now)).isZero();
        assertThat(RemoteWriteSinkWriter.retryAfterMillis(null, now)).isZero();
    }

    @Test
    void flush_burstOf503_retriedUntilAllDelivered() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(2).setMaxBatchSamples(50).build());
        receiver.answerNext(Reply.of(503), Reply.of(503), Reply.of(503), Reply.of(503), Reply.of(503));

        writeTicks(writer, 0, TICKS);
        writer.flush(false);

        assertThat(receiver.requests()).filteredOn(r -> r.status() == 503).hasSize(5);
        assertThat(counter(Accounting.REMOTE_WRITE_RETRIES)).isEqualTo(5);
        assertThat(counter(Accounting.REMOTE_WRITE_REQUESTS, "status", "503")).isEqualTo(5);
        assertThat(receiver.storedSamples()).isEqualTo((long) SERIES * TICKS);
        assertThat(receiver.stored().values()).allSatisfy(ts -> assertThat(ts).isSortedAccordingTo(Long::compare).hasSize(TICKS));
    }

    @Test
    void flush_503Forever_failsNamingTheReceiverAndTheKey() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).setMaxRetries(2).build());
        receiver.answerNext(Reply.of(503), Reply.of(503), Reply.of(503));

        writeTicks(writer, 0, 1);

        // The mailbox wraps what a mail throws; in a task either fails it.
        assertThatThrownBy(() -> writer.flush(false)).rootCause().isInstanceOf(IOException.class)
                .hasMessageContaining(receiver.writeUrl().toString()).hasMessageContaining("failed 3 times")
                .hasMessageContaining("503").hasMessageContaining("max-retries");
    }

    @Test
    void flush_400OnOneSeries_isolatesItAndDeliversAllOthers() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(2).build());
        receiver.rejectSeriesWithLabel("instance", "gs-7", 400, "label value too long for this tenant");

        writeTicks(writer, 0, TICKS);
        writer.flush(false);

        Map<String, List<Long>> stored = receiver.stored();
        assertThat(stored).hasSize(SERIES - 1).noneSatisfy((series, ts) -> assertThat(series).contains("gs-7\""));
        assertThat(stored.values()).allSatisfy(ts -> assertThat(ts).hasSize(TICKS));
        assertThat(rejected(RemoteWriteRejectReason.RECEIVER_REJECTED)).isEqualTo(TICKS);
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo((long) (SERIES - 1) * TICKS);
        // The last 400 is answered to a request that holds gs-7 alone.
        Request last400 = receiver.requests().stream().filter(r -> r.status() == 400).reduce((a, b) -> b).orElseThrow();
        assertThat(last400.body().getTimeseriesList()).allSatisfy(s -> assertThat(FaultInjectingReceiver.seriesKey(s)).contains("gs-7\""));
        // Exactly gs-7's samples are handed over for the rejected output, with the receiver's answer,
        // merged into one row (one series, reason and hour).
        Collection<Rejected> committables = writer.prepareCommit();
        assertThat(committables).singleElement().satisfies(r -> {
            assertThat(Labels.format(r.labelNames(), r.labelValues())).isEqualTo(Labels.format(series(7).names(), series(7).values()));
            assertThat(r.reason()).isEqualTo(RejectReason.REMOTE_WRITE_REJECTED);
            assertThat(r.detail()).isEqualTo("400 label value too long for this tenant");
            assertThat(r.samples()).isEqualTo(TICKS);
            assertThat(r.timestampEpochMillis()).isEqualTo(T0);
            assertThat(r.lastTimestampEpochMillis()).isEqualTo(T0 + (TICKS - 1) * 10 * SECOND);
            assertThat(r.tenant()).isEqualTo(series(7).tenant());
        });
        assertThat(writer.prepareCommit()).as("handed over once").isEmpty();
    }

    @Test
    void flush_400EchoingTheSeries_detailKeepsLabelNamesNotValues() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).build());
        // Prometheus and Mimir name the refused series with its labels in the answer.
        receiver.rejectSeriesWithLabel("instance", "gs-7", 400,
                "series has too many labels: {__name__=\"tick\", instance=\"gs-7\", user_email=\"a@b.c\"}");

        writeTicks(writer, 0, 1);
        writer.flush(false);

        assertThat(writer.prepareCommit()).isNotEmpty().allSatisfy(r -> assertThat(r.detail())
                .isEqualTo("400 series has too many labels: {__name__=\"…\", instance=\"…\", user_email=\"…\"}"));
    }

    @Test
    void prepareCommit_moreRefusedRowsThanKept_keepsTheCapAndCountsAll() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).setMaxBatchSamples(5).setMaxBufferedSamples(5).build());
        // Prometheus' head is two hours ahead: everything is out of bounds.
        receiver.withPrometheusBounds(T0 + Duration.ofHours(2).toMillis(), Duration.ofHours(1).toMillis());
        int rows = 5 * RemoteWriteSinkWriter.KEPT_REJECTED_PER_BUFFERED_SAMPLE;
        int series = rows + 10;

        for (int tick = 0; tick < 2; tick++) {
            for (int host = 0; host < series; host++) {
                writer.write(series(host).counter(T0 + tick * 10 * SECOND, tick), null);
            }
        }
        writer.flush(false);

        assertThat(rejected(RemoteWriteRejectReason.TOO_OLD)).isEqualTo(2L * series);
        // A series' second sample joins its open row; the 10 series beyond the cap are only counted.
        assertThat(writer.prepareCommit()).hasSize(rows).allSatisfy(r -> assertThat(r.samples()).isEqualTo(2));
        assertThat(receiver.stored()).isEmpty();
    }

    @Test
    void prepareCommit_withoutRejectedOutput_onlyCounts() throws Exception {
        metrics = new MetricListener();
        RemoteWriteSettings settings = settings().build();
        RemoteWriteSinkWriter writer = new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings),
                new RemoteWriteMetrics(metrics.getMetricGroup()), mailbox, new TestProcessingTimeService(), List.of(), false);
        receiver.rejectSeriesWithLabel("instance", "gs-7", 400);

        writeTicks(writer, 0, 2);
        writer.flush(false);

        assertThat(rejected(RemoteWriteRejectReason.RECEIVER_REJECTED)).isEqualTo(2);
        assertThat(writer.prepareCommit()).isEmpty();
    }

    @Test
    void flush_permanent500_isolatedAndNotRetried() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().build());
        // Prometheus 2.42's answer to a series with a label name twice (docs/CONTRACT.md).
        receiver.rejectSeriesWithLabel("instance", "gs-3", 500, "duplicate label names");

        writeTicks(writer, 0, 2);
        writer.flush(false);

        assertThat(counter(Accounting.REMOTE_WRITE_RETRIES)).isZero();
        assertThat(receiver.stored()).hasSize(SERIES - 1);
        assertThat(rejected(RemoteWriteRejectReason.RECEIVER_PERMANENT_ERROR)).isEqualTo(2);
        assertThat(writer.prepareCommit()).singleElement().satisfies(r -> {
            assertThat(r.samples()).isEqualTo(2);
            assertThat(r.reason()).isEqualTo(RejectReason.REMOTE_WRITE_PERMANENT_ERROR);
            assertThat(r.detail()).isEqualTo("500 duplicate label names");
            assertThat(r.labelValues()).contains("gs-3");
        });
    }

    @Test
    void flush_401_failsFastNamingTheCredentialNotItsValue() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).setAuth(RemoteWriteAuth.bearer("s3cr3t-token")).build());
        receiver.answerNext(new Reply(401, "invalid token", Map.of()));

        writeTicks(writer, 0, 1);

        assertThatThrownBy(() -> writer.flush(false)).rootCause().isInstanceOf(IOException.class)
                .hasMessageContaining("401").hasMessageContaining("hot.remote-write.auth.bearer-token")
                .hasMessageNotContaining("s3cr3t-token");
        assertThat(receiver.requests()).hasSize(1);
        assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer s3cr3t-token");
    }

    @Test
    void flush_basicAuth_sendsTheHeader() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setAuth(RemoteWriteAuth.basic("strata", "pw")).build());

        writeTicks(writer, 0, 1);
        writer.flush(false);

        // base64("strata:pw")
        assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Basic c3RyYXRhOnB3"));
    }

    @Test
    void flush_sigV4_signsEveryRequestForTheRegionAndService() throws Exception {
        // The default chain reads these system properties first.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        try {
            RemoteWriteSinkWriter writer = writer(settings().setAuth(RemoteWriteAuth.sigV4("eu-west-1", "aps")).build());

            writeTicks(writer, 0, 1);
            writer.flush(false);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }

        assertThat(receiver.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                    .contains("/eu-west-1/aps/aws4_request").contains("SignedHeaders=").contains("content-encoding")
                    .contains("Signature=").doesNotContain("wJalrXUtnFEMI");
            assertThat(r.header("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
        });
        assertThat(receiver.storedSamples()).isEqualTo(SERIES);
    }

    @Test
    void flush_sigV4WithoutCredentials_failsFastNamingTheChain() throws Exception {
        // An empty profile file and no keys: the default chain finds nothing (instance metadata is off).
        Path emptyProfile = Files.createTempFile("aws-config", "");
        Map<String, String> properties = Map.of("aws.configFile", emptyProfile.toString(), "aws.sharedCredentialsFile",
                emptyProfile.toString(), "aws.disableEc2Metadata", "true");
        properties.forEach(System::setProperty);
        try {
            RemoteWriteSinkWriter writer = writer(settings().setShards(1).setAuth(RemoteWriteAuth.sigV4("eu-west-1", "aps")).build());

            writeTicks(writer, 0, 1);

            assertThatThrownBy(() -> writer.flush(false)).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("could not be signed").hasMessageContaining("AWS credentials");
            assertThat(receiver.requests()).isEmpty();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void restore_replayOfDeliveredSamples_countedAlreadyDeliveredWithoutSending() throws Exception {
        RemoteWriteSinkWriter first = writer(settings().build());
        writeTicks(first, 0, 5);
        first.flush(false);
        List<RemoteWriteWriterState> state = roundTrip(first.snapshotState(1));
        int requestsBefore = receiver.requests().size();

        RemoteWriteSinkWriter restored = writer(settings().build(), state);
        writeTicks(restored, 0, 8);
        restored.flush(false);

        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED)).isEqualTo(SERIES * 5L);
        assertThat(receiver.requests().subList(requestsBefore, receiver.requests().size()))
                .allSatisfy(r -> assertThat(r.body().getTimeseriesList()).allSatisfy(s -> assertThat(s.getSamples(0).getTimestamp())
                        .isGreaterThanOrEqualTo(T0 + 5 * 10 * SECOND)));
        assertThat(receiver.stored().values()).allSatisfy(ts -> assertThat(ts).hasSize(8));
    }

    @Test
    void replayWithoutHighWaterMark_outOfOrderAnswers_absorbedAndNothingLost() throws Exception {
        receiver.withPrometheusOrdering();
        RemoteWriteSinkWriter first = writer(settings().build());
        writeTicks(first, 0, 5);
        first.flush(false);

        // As after a failure between two checkpoints: the last delivered samples are in no state.
        RemoteWriteSinkWriter replaying = writer(settings().setShards(2).build());
        writeTicks(replaying, 3, 8);
        replaying.flush(false);

        // Tick 3 is out of order; tick 4, an exact duplicate of the latest sample, is accepted silently.
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED)).isEqualTo(SERIES);
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo(SERIES * 4L);
        assertThat(receiver.stored().values()).allSatisfy(ts -> assertThat(ts)
                .containsExactlyElementsOf(LongStream.range(0, 8).map(i -> T0 + i * 10 * SECOND).boxed().toList()));
        assertThat(rejected(RemoteWriteRejectReason.RECEIVER_REJECTED)).isZero();
    }

    @Test
    void write_olderThanTheWindowBehindTheNewestAccepted_tooOldAndNeverSent() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).setReceiverWindow(Duration.ofMinutes(1)).build());
        writeTicks(writer, 0, TICKS);
        writer.flush(false);
        long newestAccepted = T0 + (TICKS - 1) * 10 * SECOND;
        TestSeries late = TestSeries.of("__name__", "late_total", "job", "gameserver");
        String lateKey = "__name__=\"late_total\",job=\"gameserver\"";

        writer.write(late.counter(T0, 1), null);
        writer.write(late.counter(newestAccepted - 60 * SECOND - 1, 2), null);
        writer.write(late.counter(newestAccepted - 60 * SECOND, 3), null);
        writer.flush(false);

        // Exactly the window behind is still taken by Prometheus; older never leaves the writer.
        assertThat(receiver.stored().get(lateKey)).containsExactly(newestAccepted - 60 * SECOND);
        assertThat(receiver.requests().stream().flatMap(r -> r.body().getTimeseriesList().stream())
                .filter(s -> FaultInjectingReceiver.seriesKey(s).equals(lateKey)).flatMap(s -> s.getSamplesList().stream()))
                .extracting(sample -> sample.getTimestamp()).containsExactly(newestAccepted - 60 * SECOND);
        assertThat(rejected(RemoteWriteRejectReason.TOO_OLD)).isEqualTo(2);
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED)).isZero();
        assertThat(writer.prepareCommit()).singleElement().satisfies(r -> {
            assertThat(r.samples()).isEqualTo(2);
            assertThat(r.timestampEpochMillis()).isEqualTo(T0);
            assertThat(r.lastTimestampEpochMillis()).isEqualTo(newestAccepted - 60 * SECOND - 1);
            assertThat(r.reason()).isEqualTo(RejectReason.REMOTE_WRITE_TOO_OLD);
            assertThat(r.detail())
                    .isEqualTo("older than the receiver's window (hot.remote-write.receiver-window 1m) behind the newest sample it accepted");
        });
    }

    @Test
    @Timeout(30)
    void write_bufferFullOfTooOldPartialBatches_doesNotWaitForAnAnswer() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(2).setMaxBatchSamples(4).setMaxBufferedSamples(4).build());
        writer.write(series(0).counter(T0 + Duration.ofHours(2).toMillis(), 1), null);
        writer.flush(false);
        // Two series on different shards: two partial batches fill the buffer, and no timer fires here.
        TestSeries first = TestSeries.of("__name__", "old_0");
        TestSeries second = otherShard(first, 2);

        writer.write(first.gauge(T0, 1), null);
        writer.write(second.gauge(T0, 1), null);
        writer.write(first.gauge(T0 + SECOND, 2), null);
        writer.write(second.gauge(T0 + SECOND, 2), null);

        assertThat(rejected(RemoteWriteRejectReason.TOO_OLD)).isEqualTo(4);
    }

    @Test
    void write_tenantsToSeparateStores_eachTenantHasItsOwnWindow() throws Exception {
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).setSendTenantHeader(true).build());
        TestSeries ahead = TestSeries.ofTenant("team-a", "__name__", "up", "job", "gs");
        TestSeries behind = TestSeries.ofTenant("team-b", "__name__", "up", "job", "gs");

        writer.write(ahead.gauge(T0 + Duration.ofHours(2).toMillis(), 1), null);
        writer.flush(false);
        writer.write(behind.gauge(T0, 1), null);
        writer.write(TestSeries.ofTenant("team-a", "__name__", "other", "job", "gs").gauge(T0, 1), null);
        writer.flush(false);

        assertThat(receiver.requests()).filteredOn(r -> "team-b".equals(r.header("X-Scope-OrgID"))).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(204));
        assertThat(rejected(RemoteWriteRejectReason.TOO_OLD)).isEqualTo(1);
        assertThat(writer.prepareCommit()).singleElement().satisfies(r -> assertThat(r.tenant()).isEqualTo("team-a"));
    }

    @Test
    void flush_outOfBoundsWithNothingAccepted_splitsOnceByTimestampAndRefusedAreTooOld() throws Exception {
        // Prometheus' head is an hour and 45 s past T0: ticks 0-4 are out of bounds, ticks 5-9 are not.
        long hour = Duration.ofHours(1).toMillis();
        receiver.withPrometheusBounds(T0 + hour + 45 * SECOND, hour);
        RemoteWriteSinkWriter writer = writer(settings().setShards(1).build());
        int series = 200;

        for (int tick = 0; tick < TICKS; tick++) {
            for (int host = 0; host < series; host++) {
                writer.write(series(host).counter(T0 + tick * 10 * SECOND, tick), null);
            }
        }
        writer.flush(false);

        // The batch of 2,000, then its older half (refused) and its newer half: never series by series.
        assertThat(receiver.requests()).extracting(Request::status).containsExactly(400, 400, 204);
        assertThat(receiver.stored()).hasSize(series).allSatisfy((key, ts) -> assertThat(ts)
                .containsExactlyElementsOf(LongStream.range(5, TICKS).mapToObj(t -> T0 + t * 10 * SECOND).toList()));
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_SENT)).isEqualTo(series * 5L);
        assertThat(rejected(RemoteWriteRejectReason.TOO_OLD)).isEqualTo(series * 5L);
        assertThat(counter(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED)).isZero();
        assertThat(writer.prepareCommit()).hasSize(series).allSatisfy(r -> {
            assertThat(r.samples()).isEqualTo(5);
            assertThat(r.reason()).isEqualTo(RejectReason.REMOTE_WRITE_TOO_OLD);
            assertThat(r.detail()).isEqualTo("400 out of bounds");
            assertThat(r.timestampEpochMillis()).isEqualTo(T0);
            assertThat(r.lastTimestampEpochMillis()).isLessThan(T0 + 50 * SECOND);
        });
    }

    @Test
    void snapshot_moreSeriesThanTheBound_keepsTheMostRecent() {
        SeriesHighWaterMarks marks = new SeriesHighWaterMarks(3);
        for (long series = 1; series <= 5; series++) {
            marks.delivered(series, 1000 * series);
        }

        RemoteWriteWriterState state = marks.snapshot();

        assertThat(state.series()).containsExactlyInAnyOrder(3, 4, 5);
        assertThat(marks.isDelivered(5, 5000)).isTrue();
        assertThat(marks.isDelivered(5, 5001)).isFalse();
        assertThat(marks.isDelivered(1, 1000)).isFalse();
    }

    private void writeTicks(RemoteWriteSinkWriter writer, int fromTick, int toTick) throws Exception {
        for (int tick = fromTick; tick < toTick; tick++) {
            for (int host = 0; host < SERIES; host++) {
                writer.write(series(host).counter(T0 + tick * 10 * SECOND, tick), null);
            }
        }
    }

    /** A series that the writer's sharding puts on another of {@code shards} shards than {@code series}. */
    private static TestSeries otherShard(TestSeries series, int shards) {
        for (int i = 1; ; i++) {
            TestSeries other = TestSeries.of("__name__", "old_" + i);
            if (Math.floorMod(Long.hashCode(other.id()), shards) != Math.floorMod(Long.hashCode(series.id()), shards)) {
                return other;
            }
        }
    }

    private static TestSeries series(int host) {
        return TestSeries.of("__name__", "gameplay_ticks_total", "instance", "gs-" + host, "job", "gameserver");
    }

    private RemoteWriteSettings.Builder settings() {
        return RemoteWriteSettings.builder(receiver.writeUrl()).setBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private RemoteWriteSinkWriter writer(RemoteWriteSettings settings) throws IOException {
        return writer(settings, List.of());
    }

    private RemoteWriteSinkWriter writer(RemoteWriteSettings settings, Collection<RemoteWriteWriterState> state) throws IOException {
        metrics = new MetricListener();
        return new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings), new RemoteWriteMetrics(metrics.getMetricGroup()),
                mailbox, new TestProcessingTimeService(), state, true);
    }

    private static List<RemoteWriteWriterState> roundTrip(List<RemoteWriteWriterState> states) throws IOException {
        RemoteWriteWriterStateSerializer serializer = new RemoteWriteWriterStateSerializer();
        List<RemoteWriteWriterState> copies = new ArrayList<>();
        for (RemoteWriteWriterState s : states) {
            copies.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(s)));
        }
        return copies;
    }

    private long rejected(RemoteWriteRejectReason reason) {
        return counter(Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "reason", reason.label());
    }

    private long counter(String name, String... labels) {
        String[] path = new String[labels.length + 2];
        path[0] = Accounting.GROUP;
        System.arraycopy(labels, 0, path, 1, labels.length);
        path[path.length - 1] = name;
        return metrics.getCounter(path).map(Counter::getCount).orElse(0L);
    }
}
