package io.strata.pipeline.testutils;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static io.strata.pipeline.testutils.TestFrames.sample;
import static io.strata.pipeline.testutils.TestFrames.snappy;

import com.google.protobuf.CodedOutputStream;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.StaleMarker;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream records a hostile or broken producer can write, each with what Strata must make of it
 * end to end (after the decoder and the label policy). Every accepted sample is stamped within
 * the hour after {@link TestFrames#T0}, so its rollups land in that hour's partitions only.
 */
public final class HostileFrames {

    /**
     * One record: its tenant header ({@code null} for none), its value, and what it must produce.
     *
     * @param frameReason the reason the whole record is rejected, or {@code null}
     * @param samplesRejected samples rejected, by reason
     * @param samplesAccepted samples that pass every check
     */
    public record Case(
            String name, String description, byte[] tenantHeader, byte[] payload, RejectReason frameReason,
            Map<RejectReason, Long> samplesRejected, long samplesAccepted) {}

    private static final TestSeries GOOD = TestSeries.of("__name__", "gameplay_players_connected", "instance", "gs-hostile:9100",
            "job", "gameserver", "region", "eu-west-1");

    private HostileFrames() {}

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("histogram-index-overflow", "positive spans {1,1},{2147483646,1}: the second bucket's index is 2^31",
                null, frame(good(0), histogramSeries(0, h -> h
                        .addPositiveSpans(span(1, 1)).addPositiveSpans(span(2147483646, 1))
                        .addPositiveDeltas(1).addPositiveDeltas(0).setCountInt(2).setSum(3))),
                null, Map.of(RejectReason.HISTOGRAM_INVALID, 1L), 1));
        cases.add(new Case("histogram-huge-zero-threshold", "zero threshold 1e300 and spans near Integer.MAX_VALUE",
                null, frame(histogramSeries(0, h -> h.setZeroThreshold(1e300)
                        .addPositiveSpans(span(2147483000, 2)).addPositiveDeltas(1).addPositiveDeltas(0).setCountInt(2).setSum(2))),
                null, Map.of(RejectReason.HISTOGRAM_INVALID, 1L), 0));
        cases.add(new Case("histogram-below-scale", "schema -5: below the smallest Prometheus schema",
                null, frame(histogramSeries(0, h -> h.setSchema(-5)
                        .addPositiveSpans(span(0, 1)).addPositiveDeltas(1).setCountInt(1).setSum(1))),
                null, Map.of(RejectReason.HISTOGRAM_SCHEMA_UNSUPPORTED, 1L), 0));
        cases.add(new Case("histogram-custom-buckets", "schema -53 (NHCB)",
                null, frame(histogramSeries(0, h -> h.setSchema(-53)
                        .addPositiveSpans(span(0, 1)).addPositiveDeltas(1).setCountInt(1).setSum(1))),
                null, Map.of(RejectReason.HISTOGRAM_CUSTOM_BUCKETS, 1L), 0));
        cases.add(new Case("histogram-negative-count", "deltas making a bucket count negative",
                null, frame(histogramSeries(0, h -> h
                        .addPositiveSpans(span(0, 2)).addPositiveDeltas(1).addPositiveDeltas(-3).setCountInt(1).setSum(1))),
                null, Map.of(RejectReason.HISTOGRAM_INVALID, 1L), 0));
        cases.add(new Case("histogram-stale", "a histogram staleness marker (StaleNaN sum)",
                null, frame(histogramSeries(0, h -> h.setSum(StaleMarker.STALE_NAN))),
                null, Map.of(RejectReason.STALENESS_MARKER, 1L), 0));
        cases.add(new Case("float-stale", "a float staleness marker",
                null, frame(GOOD.proto().addSamples(sample(T0, 1)).addSamples(sample(T0 + 15 * SECOND, StaleMarker.STALE_NAN))),
                null, Map.of(RejectReason.STALENESS_MARKER, 1L), 1));
        cases.add(new Case("bomb-decompressed", "just under 1 MiB of snappy that decompresses to 20 MiB of empty series",
                null, snappy(repeat(new byte[] {0x0A, 0x00}, 20 << 20)), RejectReason.FRAME_TOO_LARGE, Map.of(), 0));
        cases.add(new Case("bomb-empty-series", "4 MiB of 2-byte empty series: 2 million series",
                null, snappy(repeat(new byte[] {0x0A, 0x00}, (4 << 20) - 16)), RejectReason.TOO_MANY_SERIES, Map.of(), 0));
        cases.add(new Case("bomb-empty-samples", "one series with 1.9 million empty samples",
                null, snappy(oneSeriesWith(GOOD, repeat(new byte[] {0x12, 0x00}, (4 << 20) - 4096))), null,
                Map.of(RejectReason.TOO_MANY_SAMPLES, (long) ((4 << 20) - 4096) / 2), 0));
        cases.add(new Case("bomb-empty-labels", "one series with a million empty labels",
                null, snappy(oneSeriesWith(null, concat(repeat(new byte[] {0x0A, 0x00}, 2 << 20), sample(T0, 1).toByteArray(), true))),
                null, Map.of(RejectReason.TOO_MANY_LABELS_IN_SERIES, 1L), 0));
        cases.add(new Case("fan-out-before-2000", "300 samples an hour apart before the year 2000",
                null, frame(fanOut()), null, Map.of(RejectReason.TIMESTAMP_INVALID, 300L), 0));
        cases.add(new Case("huge-label-value", "one series, 100,000 samples, a 1,000,000-character label value",
                null, frame(hugeLabel()), null, Map.of(RejectReason.LABEL_TOO_LONG, 100_000L), 0));
        cases.add(new Case("tenant-crlf", "X-Scope-OrgID with CR/LF (header injection)",
                "acme\r\nX-Injected: 1".getBytes(StandardCharsets.UTF_8), frame(good(0)), RejectReason.INVALID_TENANT, Map.of(), 0));
        cases.add(new Case("tenant-unicode", "X-Scope-OrgID above U+00FF",
                "t\u00e9nant-\u20ac".getBytes(StandardCharsets.UTF_8), frame(good(0)), RejectReason.INVALID_TENANT, Map.of(), 0));
        cases.add(new Case("tenant-too-long", "X-Scope-OrgID of 151 characters",
                "t".repeat(151).getBytes(StandardCharsets.UTF_8), frame(good(0)), RejectReason.INVALID_TENANT, Map.of(), 0));
        cases.add(new Case("remote-write-2", "an io.prometheus.write.v2.Request (symbols, timeseries as fields 4 and 5)",
                null, snappy(remoteWrite2()), RejectReason.UNSUPPORTED_PROTOCOL, Map.of(), 0));
        cases.add(new Case("snappy-empty", "a snappy block of an empty payload",
                null, snappy(new byte[0]), RejectReason.NO_SERIES, Map.of(), 0));
        cases.add(new Case("metadata-only", "a request with metadata and no series",
                null, TestFrames.frame(WriteRequest.newBuilder()
                        .addMetadata(TestFrames.metadata("gameplay_players_connected", Types.MetricMetadata.MetricType.GAUGE)).build()),
                RejectReason.METADATA_ONLY, Map.of(), 0));
        cases.add(new Case("bad-snappy", "not a snappy block", null, new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03},
                RejectReason.BAD_SNAPPY, Map.of(), 0));
        cases.add(new Case("bad-protobuf", "a series field that declares more bytes than follow",
                null, snappy(new byte[] {0x0A, 0x05, 0x01}), RejectReason.BAD_PROTOBUF, Map.of(), 0));
        cases.add(new Case("bad-series", "one series whose inside is not protobuf, between two good ones",
                null, snappy(concat(concat(seriesField(good(0).build().toByteArray()), seriesField(new byte[] {0x0A, 0x7f, 0x01}), false),
                        seriesField(good(30).build().toByteArray()), false)),
                null, Map.of(RejectReason.BAD_SERIES, 0L), 2));
        cases.add(new Case("bad-utf8-series", "one series with a label value that is not UTF-8, and a good one",
                null, snappyOf(WriteRequest.newBuilder().addTimeseries(good(0)).build().toByteArray(), badUtf8Series()),
                null, Map.of(RejectReason.INVALID_UTF8, 1L), 1));
        cases.add(new Case("invalid-metric-name", "__name__ \"1bad-name\"",
                null, frame(TestSeries.of("__name__", "1bad-name", "job", "gameserver").proto(T0, 1)),
                null, Map.of(RejectReason.INVALID_METRIC_NAME, 1L), 0));
        cases.add(new Case("empty-label-value", "region=\"\": the label is dropped, the sample accepted",
                null, frame(TestSeries.of("__name__", "gameplay_players_connected", "instance", "gs-hostile:9100", "job", "gameserver",
                        "region", "").proto(T0 + 45 * SECOND, 3)), null, Map.of(), 1));
        cases.add(new Case("pii-player-id-case", "Player_ID=\"p-canary-1\" (PII under another case)",
                null, frame(TestSeries.of("Player_ID", "p-canary-1", "__name__", "gameplay_players_connected", "job", "gameserver")
                        .proto(T0, 1)), null, Map.of(RejectReason.FORBIDDEN_LABEL, 1L), 0));
        cases.add(new Case("pii-client-ip", "client_ip=\"203.0.113.7\" (PII by pattern)",
                null, frame(TestSeries.of("__name__", "gameplay_players_connected", "client_ip", "203.0.113.7", "job", "gameserver")
                        .proto(T0, 1)), null, Map.of(RejectReason.FORBIDDEN_LABEL, 1L), 0));
        cases.add(new Case("pii-user-dot-email", "user.email=\"canary@example.com\" (not a valid 2.x label name)",
                null, frame(TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver",
                        "user.email", "canary@example.com").proto(T0, 1)), null, Map.of(RejectReason.INVALID_LABEL_NAME, 1L), 0));
        cases.add(new Case("too-far-in-future", "a sample in the year 2100",
                null, frame(GOOD.proto(4_102_444_800_000L, 1)), null, Map.of(RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE, 1L), 0));
        cases.add(new Case("too-many-labels", "65 labels in one series",
                null, frame(manyLabels(65)), null, Map.of(RejectReason.TOO_MANY_LABELS_IN_SERIES, 1L), 0));
        return cases;
    }

    /** A good sample of the hostile host, {@code offsetSeconds} after T0. */
    private static Types.TimeSeries.Builder good(int offsetSeconds) {
        return GOOD.proto(T0 + offsetSeconds * SECOND, 7);
    }

    private static byte[] frame(Types.TimeSeries.Builder... series) {
        return TestFrames.frame(series);
    }

    private interface HistogramShape {
        Types.Histogram.Builder shape(Types.Histogram.Builder h);
    }

    private static Types.TimeSeries.Builder histogramSeries(int offsetSeconds, HistogramShape shape) {
        Types.Histogram.Builder h = Types.Histogram.newBuilder().setSchema(3).setTimestamp(T0 + offsetSeconds * SECOND);
        return TestSeries.of("__name__", "gameplay_action_ack_seconds", "instance", "gs-hostile:9100", "job", "gameserver")
                .proto().addHistograms(shape.shape(h));
    }

    private static Types.BucketSpan span(int offset, int length) {
        return Types.BucketSpan.newBuilder().setOffset(offset).setLength(length).build();
    }

    private static Types.TimeSeries.Builder fanOut() {
        Types.TimeSeries.Builder series = GOOD.proto();
        for (int i = 0; i < 300; i++) {
            series.addSamples(sample(900_000_000_000L - i * 3_600_000L, i));
        }
        return series;
    }

    private static Types.TimeSeries.Builder hugeLabel() {
        Types.TimeSeries.Builder series = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver",
                "region", "x".repeat(1_000_000)).proto();
        for (int i = 0; i < 100_000; i++) {
            series.addSamples(sample(T0 + i * 10 * SECOND, 0));
        }
        return series;
    }

    private static Types.TimeSeries.Builder manyLabels(int labels) {
        String[] pairs = new String[labels * 2];
        pairs[0] = "__name__";
        pairs[1] = "gameplay_players_connected";
        for (int i = 1; i < labels; i++) {
            pairs[2 * i] = String.format("l%03d", i);
            pairs[2 * i + 1] = "v";
        }
        return TestSeries.of(pairs).proto(T0, 1);
    }

    private static byte[] badUtf8Series() {
        Types.TimeSeries.Builder series = TestSeries.of("__name__", "gameplay_players_connected", "job", "gameserver").proto();
        byte[] labelsAndSample = series.addSamples(sample(T0 + 15 * SECOND, 1)).build().toByteArray();
        // A label region="\xff\xfe": the value is not UTF-8 (protobuf-java would refuse to build it).
        byte[] badLabel = {0x0A, 0x0E, 0x0A, 0x06, 'r', 'e', 'g', 'i', 'o', 'n', 0x12, 0x04, (byte) 0xff, (byte) 0xfe, 'x', 'y'};
        return seriesField(concat(labelsAndSample, badLabel, false));
    }

    private static byte[] remoteWrite2() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(4, "");
            out.writeString(4, "__name__");
            out.writeString(4, "gameplay_players_connected");
            out.writeByteArray(5, new byte[] {0x0A, 0x02, 0x01, 0x02});
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A {@code WriteRequest} of one series: {@code labels}' labels (if any) followed by raw series fields. */
    private static byte[] oneSeriesWith(TestSeries labels, byte[] fields) {
        byte[] head = labels == null ? new byte[0] : labels.proto().build().toByteArray();
        return seriesField(concat(head, fields, false));
    }

    private static byte[] seriesField(byte[] series) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeByteArray(1, series);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code a} then {@code b}; with {@code bAsSample}, {@code b} becomes one sample field (tag 2). */
    private static byte[] concat(byte[] a, byte[] b, boolean bAsSample) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(a);
        if (bAsSample) {
            bytes.write(0x12);
            bytes.write(b.length);
        }
        bytes.writeBytes(b);
        return bytes.toByteArray();
    }

    private static byte[] snappyOf(byte[] first, byte[] second) {
        return TestFrames.snappy(concat(first, second, false));
    }

    private static byte[] repeat(byte[] unit, int totalBytes) {
        byte[] out = new byte[totalBytes - totalBytes % unit.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    /** What all cases together must produce. */
    public static Map<RejectReason, Long> expectedRejections(List<Case> cases) {
        Map<RejectReason, Long> total = new LinkedHashMap<>();
        for (Case c : cases) {
            c.samplesRejected().forEach((reason, n) -> total.merge(reason, n, Long::sum));
        }
        return total;
    }
}
