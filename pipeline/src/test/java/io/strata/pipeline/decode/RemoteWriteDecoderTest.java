package io.strata.pipeline.decode;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static io.strata.pipeline.testutils.TestFrames.frame;
import static io.strata.pipeline.testutils.TestFrames.metadata;
import static io.strata.pipeline.testutils.TestFrames.sample;
import static io.strata.pipeline.testutils.TestFrames.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.sink.remotewrite.RemoteWriteRequestEncoder;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import io.strata.schemas.prompb.Types.MetricMetadata.MetricType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class RemoteWriteDecoderTest {

    private static final String ORIGIN = "kafka:frames-0@7";
    private static final long NOW = T0 + 5 * MINUTE;

    private final RemoteWriteDecoder decoder = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault());

    private static final TestSeries REQUESTS = TestSeries.of("__name__", "http_requests_total", "job", "api");
    private static final TestSeries QUEUE = TestSeries.of("__name__", "queue_depth", "job", "api", "queue", "ranked");

    // ---- frame level ------------------------------------------------------------------------

    @ParameterizedTest(name = "payload {0}")
    @NullAndEmptySource
    void decode_noPayload_rejectsFrameAsEmpty(byte[] payload) {
        Rejected rejected = onlyRejection(decoder.decodeAll(payload, "acme", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.EMPTY_FRAME);
        assertThat(rejected.tenant()).isEqualTo("acme");
        assertThat(rejected.origin()).isEqualTo(ORIGIN);
        assertThat(rejected.samples()).isZero();
        assertThat(rejected.labelNames()).isNull();
        assertThat(rejected.hasTimestamp()).isFalse();
    }

    @Test
    void decode_frameOverMaxBytes_rejectsFrameAsTooLarge() {
        byte[] payload = frame(REQUESTS.proto(T0, 1), QUEUE.proto(T0, 2));
        RemoteWriteDecoder small = new RemoteWriteDecoder(
                LabelPolicy.platformDefault(), DecodeLimits.builder().maxFrameBytes(payload.length - 1).build());

        Rejected rejected = onlyRejection(small.decodeAll(payload, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.FRAME_TOO_LARGE);
        assertThat(rejected.detail()).contains(Integer.toString(payload.length), Integer.toString(payload.length - 1));
    }

    @Test
    void decode_frameAtMaxBytes_isDecoded() {
        byte[] payload = frame(REQUESTS.proto(T0, 1));
        RemoteWriteDecoder exact = new RemoteWriteDecoder(
                LabelPolicy.platformDefault(), DecodeLimits.builder().maxFrameBytes(payload.length).build());

        assertThat(exact.decodeAll(payload, "default", ORIGIN, NOW)).singleElement()
                .satisfies(r -> assertThat(r.sample()).isNotNull());
    }

    @Test
    void decode_frameDecompressingOverLimit_rejectsFrameAsTooLarge() {
        // 64 KiB of zeros compresses to a few KiB but declares its full length up front.
        byte[] bomb = snappy(new byte[64 * 1024]);
        RemoteWriteDecoder small = new RemoteWriteDecoder(
                LabelPolicy.platformDefault(), DecodeLimits.builder().maxDecompressedBytes(1024).build());

        Rejected rejected = onlyRejection(small.decodeAll(bomb, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.FRAME_TOO_LARGE);
        assertThat(rejected.detail()).contains("65536");
    }

    @Test
    void decode_truncatedSnappyBlock_rejectsFrameAsBadSnappy() {
        byte[] payload = frame(REQUESTS.proto(T0, 1), QUEUE.proto(T0, 2));
        byte[] truncated = Arrays.copyOf(payload, payload.length / 2);

        Rejected rejected = onlyRejection(decoder.decodeAll(truncated, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_SNAPPY);
        assertThat(rejected.samples()).isZero();
    }

    @Test
    void decode_snappyOfNonProtobuf_rejectsFrameAsBadProtobuf() {
        // Field 1 (timeseries), length-delimited, declares 5 bytes but only 1 follows.
        byte[] payload = snappy(new byte[] {0x0A, 0x05, 0x01});

        Rejected rejected = onlyRejection(decoder.decodeAll(payload, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_PROTOBUF);
    }

    // ---- series level: malformed label sets --------------------------------------------------

    static Stream<Arguments> malformedLabelSets() {
        return Stream.of(
                Arguments.of("empty label name", RejectReason.EMPTY_LABEL_NAME,
                        TestSeries.of("", "x", "__name__", "up")),
                Arguments.of("duplicate label name", RejectReason.DUPLICATE_LABEL_NAME,
                        TestSeries.of("__name__", "up", "job", "a", "job", "b")),
                Arguments.of("unsorted labels", RejectReason.UNSORTED_LABELS,
                        TestSeries.of("job", "a", "__name__", "up")),
                Arguments.of("dash in label name", RejectReason.INVALID_LABEL_NAME,
                        TestSeries.of("__name__", "up", "bad-name", "x")),
                Arguments.of("label name starting with a digit", RejectReason.INVALID_LABEL_NAME,
                        TestSeries.of("0abc", "x", "__name__", "up")),
                Arguments.of("no __name__", RejectReason.MISSING_METRIC_NAME,
                        TestSeries.of("instance", "gs-1:9100", "job", "a")),
                Arguments.of("empty __name__", RejectReason.MISSING_METRIC_NAME,
                        TestSeries.of("__name__", "", "job", "a")),
                Arguments.of("no labels at all", RejectReason.MISSING_METRIC_NAME,
                        TestSeries.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLabelSets")
    void decode_malformedLabelSet_rejectsWholeSeriesWithItsSampleCount(String name, RejectReason reason, TestSeries series) {
        byte[] payload = frame(series.proto()
                .addSamples(sample(T0, 1))
                .addSamples(sample(T0 + 10 * SECOND, 2))
                .addHistograms(RemoteWriteRequestEncoder.toWriteRequest(
                        List.of(REQUESTS.histogram(T0, integerHistogram()))).getTimeseries(0).getHistograms(0)));

        Rejected rejected = onlyRejection(decoder.decodeAll(payload, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.samples()).isEqualTo(3);
        assertThat(rejected.timestampEpochMillis()).isEqualTo(T0);
        assertThat(rejected.lastTimestampEpochMillis()).isEqualTo(T0 + 10 * SECOND);
        assertThat(rejected.value()).isNaN();
        // Values only of identity and allowlisted labels; empty-valued labels are dropped as Prometheus drops them.
        List<String> names = new java.util.ArrayList<>();
        List<String> values = new java.util.ArrayList<>();
        List<String> redacted = new java.util.ArrayList<>();
        for (int i = 0; i < series.names().length; i++) {
            if (series.values()[i].isEmpty()) {
                continue;
            }
            if (LabelPolicy.platformDefault().keepsValueWhenRejected(series.names()[i])) {
                names.add(series.names()[i]);
                values.add(series.values()[i]);
            } else {
                redacted.add(series.names()[i]);
            }
        }
        assertThat(rejected.labelNames()).containsExactlyElementsOf(names);
        assertThat(rejected.labelValues()).containsExactlyElementsOf(values);
        assertThat(rejected.redactedLabels()).containsExactlyElementsOf(redacted);
    }

    @Test
    void decode_malformedSeries_doesNotAffectOtherSeriesOfFrame() {
        byte[] payload = frame(
                TestSeries.of("job", "a", "__name__", "up").proto(T0, 1),
                QUEUE.proto(T0, 7));

        List<SourceRecord> records = decoder.decodeAll(payload, "default", ORIGIN, NOW);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).rejected().reason()).isEqualTo(RejectReason.UNSORTED_LABELS);
        assertThat(records.get(1).sample()).isEqualTo(QUEUE.gauge(T0, 7));
    }

    // ---- sample level ------------------------------------------------------------------------

    @Test
    void decode_nanValue_rejectsThatSampleOnlyAfterTheSeriesSamples() {
        byte[] payload = frame(QUEUE.proto()
                .addSamples(sample(T0, 1))
                .addSamples(sample(T0 + 10 * SECOND, Double.NaN))
                .addSamples(sample(T0 + 20 * SECOND, 3)));

        List<SourceRecord> records = decoder.decodeAll(payload, "default", ORIGIN, NOW);

        assertThat(records).hasSize(3);
        assertThat(records.get(0).sample()).isEqualTo(QUEUE.gauge(T0, 1));
        assertThat(records.get(1).sample()).isEqualTo(QUEUE.gauge(T0 + 20 * SECOND, 3));
        Rejected rejected = records.get(2).rejected();
        assertThat(rejected.reason()).isEqualTo(RejectReason.NAN_VALUE);
        assertThat(rejected.samples()).isEqualTo(1);
        assertThat(rejected.timestampEpochMillis()).isEqualTo(T0 + 10 * SECOND);
        assertThat(rejected.labelNames()).containsExactly(QUEUE.names());
    }

    @Test
    void decode_timestampBefore2000_rejectsAsTimestampInvalid() {
        long lastMilliOf1999 = RemoteWriteDecoder.MIN_VALID_TIMESTAMP_EPOCH_MILLIS - 1;
        byte[] payload = frame(QUEUE.proto(lastMilliOf1999, 1), QUEUE.proto(0, 1));

        List<SourceRecord> records = decoder.decodeAll(payload, "default", ORIGIN, NOW);

        assertThat(records).extracting(r -> r.rejected().reason())
                .containsExactly(RejectReason.TIMESTAMP_INVALID, RejectReason.TIMESTAMP_INVALID);
        assertThat(records.get(0).rejected().timestampEpochMillis()).isEqualTo(lastMilliOf1999);
    }

    @Test
    void decode_timestampAtStartOf2000_isAccepted() {
        long start = RemoteWriteDecoder.MIN_VALID_TIMESTAMP_EPOCH_MILLIS;

        assertThat(decoder.decodeAll(frame(QUEUE.proto(start, 1)), "default", ORIGIN, NOW))
                .singleElement().satisfies(r -> assertThat(r.sample()).isEqualTo(QUEUE.gauge(start, 1)));
    }

    @Test
    void decode_timestampBeyondNowPlusSkew_rejectsAsTooFarInFuture() {
        long limit = NOW + DecodeLimits.DEFAULT_MAX_FUTURE_SKEW.toMillis();
        byte[] payload = frame(QUEUE.proto().addSamples(sample(limit, 1)).addSamples(sample(limit + 1, 2)));

        List<SourceRecord> records = decoder.decodeAll(payload, "default", ORIGIN, NOW);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).sample()).isEqualTo(QUEUE.gauge(limit, 1));
        assertThat(records.get(1).rejected().reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE);
        assertThat(records.get(1).rejected().value()).isEqualTo(2.0);
    }

    @Test
    void decode_histogramWithTimestampBeyondSkew_rejectsIt() {
        long late = NOW + DecodeLimits.DEFAULT_MAX_FUTURE_SKEW.toMillis() + 1;
        byte[] payload = RemoteWriteRequestEncoder.encode(List.of(REQUESTS.histogram(late, integerHistogram())));

        Rejected rejected = onlyRejection(decoder.decodeAll(payload, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE);
        assertThat(rejected.samples()).isEqualTo(1);
    }

    // ---- accepted samples --------------------------------------------------------------------

    @Test
    void decode_floatSamples_emitsSamplesWithTenantSeriesIdAndInferredKind() {
        byte[] payload = frame(
                REQUESTS.proto().addSamples(sample(T0, 10)).addSamples(sample(T0 + 10 * SECOND, 12)),
                QUEUE.proto(T0, 4));

        List<SourceRecord> records = decoder.decodeAll(payload, "acme", ORIGIN, NOW);

        assertThat(records).extracting(SourceRecord::sample).containsExactly(
                Sample.ofFloat("acme", SeriesId.of(REQUESTS.names(), REQUESTS.values()), REQUESTS.names(), REQUESTS.values(),
                        MetricKind.COUNTER, T0, 10),
                Sample.ofFloat("acme", SeriesId.of(REQUESTS.names(), REQUESTS.values()), REQUESTS.names(), REQUESTS.values(),
                        MetricKind.COUNTER, T0 + 10 * SECOND, 12),
                Sample.ofFloat("acme", SeriesId.of(QUEUE.names(), QUEUE.values()), QUEUE.names(), QUEUE.values(),
                        MetricKind.GAUGE, T0, 4));
    }

    @Test
    void decode_oneLabelSetFromTwoTenantsInTurn_eachTenantKeepsItsOwnSharedSeries() {
        byte[] payload = frame(QUEUE.proto(T0, 4));

        Series acme = decoder.decodeAll(payload, "acme", ORIGIN, NOW).get(0).sample().series();
        Series globex = decoder.decodeAll(payload, "globex", ORIGIN, NOW).get(0).sample().series();
        Series acmeAgain = decoder.decodeAll(payload, "acme", ORIGIN, NOW).get(0).sample().series();

        assertThat(acme.tenant()).isEqualTo("acme");
        assertThat(globex.tenant()).isEqualTo("globex");
        assertThat(acmeAgain).as("not made again for having met another tenant").isSameAs(acme);
    }

    @Test
    void decode_metadataSaysGauge_overridesTotalSuffix() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(REQUESTS.proto(T0, 10))
                .addMetadata(metadata("http_requests_total", MetricType.GAUGE))
                .build();

        assertThat(decoder.decodeAll(frame(request), "default", ORIGIN, NOW)).singleElement()
                .satisfies(r -> assertThat(r.sample().kind()).isEqualTo(MetricKind.GAUGE));
    }

    @Test
    void decode_metadataSaysCounter_overridesGaugeName() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(QUEUE.proto(T0, 10))
                .addMetadata(metadata("queue_depth", MetricType.COUNTER))
                .build();

        assertThat(decoder.decodeAll(frame(request), "default", ORIGIN, NOW)).singleElement()
                .satisfies(r -> assertThat(r.sample().kind()).isEqualTo(MetricKind.COUNTER));
    }

    // ---- native histograms -------------------------------------------------------------------

    /** Buckets 2, 5, 3 (deltas +2, +3, -2) and 1, 4 on the negative side (deltas +1, +3). */
    private static NativeHistogram integerHistogram() {
        return new NativeHistogram(3, 1e-9, 1, 16, 0.25,
                new int[] {-2, 1}, new int[] {2, 1}, new double[] {2, 5, 3},
                new int[] {0}, new int[] {2}, new double[] {1, 4},
                0, false);
    }

    @Test
    void decode_integerHistogram_resolvesDeltasToAbsoluteCounts() {
        Types.Histogram proto = Types.Histogram.newBuilder()
                .setSchema(3).setZeroThreshold(1e-9).setZeroCountInt(1).setCountInt(16).setSum(0.25)
                .addPositiveSpans(Types.BucketSpan.newBuilder().setOffset(-2).setLength(2))
                .addPositiveSpans(Types.BucketSpan.newBuilder().setOffset(1).setLength(1))
                .addPositiveDeltas(2).addPositiveDeltas(3).addPositiveDeltas(-2)
                .addNegativeSpans(Types.BucketSpan.newBuilder().setOffset(0).setLength(2))
                .addNegativeDeltas(1).addNegativeDeltas(3)
                .setTimestamp(T0)
                .build();

        List<SourceRecord> records = decoder.decodeAll(frame(REQUESTS.proto().addHistograms(proto)), "default", ORIGIN, NOW);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.sample().kind()).isEqualTo(MetricKind.HISTOGRAM);
            assertThat(r.sample().value()).isNaN();
            assertThat(r.sample().seriesId()).isEqualTo(REQUESTS.id());
            assertThat(r.sample().histogram()).isEqualTo(integerHistogram());
        });
    }

    @Test
    void toWriteRequest_decodedIntegerHistogram_givesBackTheSameDeltas() {
        byte[] payload = RemoteWriteRequestEncoder.encode(List.of(REQUESTS.histogram(T0, integerHistogram())));
        Sample decoded = decoder.decodeAll(payload, "default", ORIGIN, NOW).get(0).sample();

        Types.Histogram reEncoded = RemoteWriteRequestEncoder.toWriteRequest(List.of(decoded)).getTimeseries(0).getHistograms(0);

        assertThat(reEncoded.getPositiveDeltasList()).containsExactly(2L, 3L, -2L);
        assertThat(reEncoded.getNegativeDeltasList()).containsExactly(1L, 3L);
        assertThat(reEncoded.getPositiveCountsList()).isEmpty();
        assertThat(reEncoded.getCountInt()).isEqualTo(16);
        assertThat(reEncoded.getZeroCountInt()).isEqualTo(1);
        assertThat(reEncoded.getTimestamp()).isEqualTo(T0);
        assertThat(decoded.histogram()).isEqualTo(integerHistogram());
    }

    @Test
    void decode_floatHistogram_keepsFloatCountsThroughRoundTrip() {
        NativeHistogram floats = new NativeHistogram(0, 0.001, 0.5, 7.5, 3.25,
                new int[] {1}, new int[] {3}, new double[] {1.5, 4.0, 1.5},
                new int[0], new int[0], new double[0],
                3, true);
        byte[] payload = RemoteWriteRequestEncoder.encode(List.of(REQUESTS.histogram(T0, floats)));

        Sample decoded = decoder.decodeAll(payload, "default", ORIGIN, NOW).get(0).sample();

        assertThat(decoded.histogram()).isEqualTo(floats);
        Types.Histogram reEncoded = RemoteWriteRequestEncoder.toWriteRequest(List.of(decoded)).getTimeseries(0).getHistograms(0);
        assertThat(reEncoded.getCountCase()).isEqualTo(Types.Histogram.CountCase.COUNT_FLOAT);
        assertThat(reEncoded.getPositiveCountsList()).containsExactly(1.5, 4.0, 1.5);
        assertThat(reEncoded.getPositiveDeltasList()).isEmpty();
        assertThat(reEncoded.getResetHint()).isEqualTo(Types.Histogram.ResetHint.GAUGE);
    }

    // ---- PII ---------------------------------------------------------------------------------

    @Test
    void decode_malformedSeriesWithPii_rejectionNeverHoldsPiiValue() {
        TestSeries unsortedWithPii = TestSeries.of("player_id", "p-secret", "__name__", "player_login_total", "job", "gs");
        byte[] payload = frame(unsortedWithPii.proto().addSamples(sample(T0, 1)).addSamples(sample(T0 + SECOND, 2)));

        Rejected rejected = onlyRejection(decoder.decodeAll(payload, "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.UNSORTED_LABELS);
        assertThat(rejected.redactedLabels()).containsExactly("player_id");
        assertThat(rejected.labelNames()).containsExactly("__name__", "job");
        assertThat(rejected.labelValues()).containsExactly("player_login_total", "gs").doesNotContain("p-secret");
        assertThat(rejected.detail()).doesNotContain("p-secret");
        assertThat(rejected.toString()).doesNotContain("p-secret").contains("player_id");
        assertThat(rejected.samples()).isEqualTo(2);
    }

    @Test
    void decode_nanSampleWithPii_rejectionNeverHoldsPiiValue() {
        TestSeries withPii = TestSeries.of("__name__", "player_login_total", "job", "gs", "player_id", "p-secret");

        Rejected rejected = onlyRejection(decoder.decodeAll(frame(withPii.proto(T0, Double.NaN)), "default", ORIGIN, NOW));

        assertThat(rejected.reason()).isEqualTo(RejectReason.NAN_VALUE);
        assertThat(rejected.redactedLabels()).containsExactly("player_id");
        assertThat(rejected.labelValues()).doesNotContain("p-secret");
        assertThat(rejected.toString()).doesNotContain("p-secret");
    }

    private static Rejected onlyRejection(List<SourceRecord> records) {
        assertThat(records).hasSize(1);
        assertThat(records.get(0).sample()).isNull();
        assertThat(records.get(0).rejected()).isNotNull();
        return records.get(0).rejected();
    }
}
