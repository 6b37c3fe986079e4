package io.strata.pipeline.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.StaleMarker;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Redaction;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.record.TwoWaySeriesCache;
import io.strata.pipeline.record.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.xerial.snappy.Snappy;

/**
 * Walks one remote_write frame with a streaming protobuf reader under {@link DecodeLimits}: a
 * first pass over the top level counts series (and recognises metadata-only and remote_write 2.0
 * requests) without reading into them; the second pass reads each series into reused position
 * arrays, checks its labels once per distinct label set ({@link LabelSetCache}), and only then
 * makes the samples. Nothing sized by the producer is allocated before its budget is checked, and
 * a series that cannot be read costs that series, not the frame.
 *
 * <p>Not thread-safe: it reuses its buffers from frame to frame; one per decoding thread.
 */
final class FrameWalker {

    private static final int TAG_SERIES = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_METADATA = (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    /** remote_write 2.0's {@code symbols} and {@code timeseries}: fields a 1.0 request never has. */
    private static final int TAG_V2_SYMBOLS = (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_V2_SERIES = (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_LABEL = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_SAMPLE = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_HISTOGRAM = (4 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_SAMPLE_VALUE = (1 << 3) | WireFormat.WIRETYPE_FIXED64;
    private static final int TAG_SAMPLE_TIMESTAMP = (2 << 3) | WireFormat.WIRETYPE_VARINT;

    /** About 4 MiB of label sets of a typical size per decoding thread. */
    private static final int CACHED_LABEL_SETS = 8192;
    private static final RejectReason[] REASONS = RejectReason.values();

    private final LabelPolicy policy;
    private final DecodeLimits limits;
    private final long maxFutureSkewMillis;
    private final HistogramReader histograms;

    private byte[] buffer = new byte[64 * 1024];

    // One series at a time: its label fields, float samples, histogram positions.
    private final SeriesLabels seriesLabels;
    private final TwoWaySeriesCache<Series> seriesOfSets = new TwoWaySeriesCache<>(CACHED_LABEL_SETS / 2);
    private final SeriesProbe probe = new SeriesProbe();
    private long[] timestamps = new long[64];
    private long[] values = new long[64];
    private int[] histogramOff = new int[8];
    private int[] histogramLen = new int[8];
    private int floats;
    private int histogramCount;
    private long samples;

    // Samples of the current series rejected by reason: one row per reason and series.
    private final long[] rejectedCount = new long[REASONS.length];
    private final long[] rejectedFirst = new long[REASONS.length];
    private final long[] rejectedLast = new long[REASONS.length];
    private final double[] rejectedValue = new double[REASONS.length];
    private final String[] rejectedDetail = new String[REASONS.length];
    private long rejectedReasons;

    FrameWalker(LabelPolicy policy, DecodeLimits limits) {
        if (REASONS.length > Long.SIZE) {
            throw new IllegalStateException("more reject reasons than bits in the per-series reason mask");
        }
        this.policy = policy;
        this.limits = limits;
        this.maxFutureSkewMillis = limits.maxFutureSkew().toMillis();
        this.histograms = new HistogramReader(limits.maxBucketsPerHistogram());
        this.seriesLabels = new SeriesLabels(limits, new LabelSetCache(CACHED_LABEL_SETS));
    }

    /**
     * The {@link Series} of {@code set} in {@code tenant}: one object per label set and tenant while
     * both stay cached, so that every sample of a series shares it.
     */
    private Series series(LabelSet set, String tenant) {
        probe.set = set;
        probe.tenant = tenant;
        Series cached = seriesOfSets.find(set.seriesId(), probe, SeriesProbe::madeFrom);
        if (cached == null) {
            cached = new Series(tenant, set.seriesId(), set.names(), set.values());
            seriesOfSets.put(set.seriesId(), cached);
        }
        return cached;
    }

    /** The label set and tenant a series is looked up by, one reused object so that a lookup allocates nothing. */
    private static final class SeriesProbe {
        LabelSet set;
        String tenant;

        static boolean madeFrom(Series series, SeriesProbe probe) {
            return series.names() == probe.set.names() && series.values() == probe.set.values()
                    && series.tenant().equals(probe.tenant);
        }
    }

    /** Decodes {@code frame}; returns whether it was read (rather than rejected whole). */
    boolean decode(byte[] frame, String tenant, Arrival arrival, long now, Consumer<SourceRecord> out) {
        if (frame == null || frame.length == 0) {
            out.accept(frameRejected(tenant, RejectReason.EMPTY_FRAME, "record has no payload", 0, arrival));
            return false;
        }
        if (frame.length > limits.maxFrameBytes()) {
            out.accept(frameRejected(tenant, RejectReason.FRAME_TOO_LARGE,
                    frame.length + " bytes, limit " + limits.maxFrameBytes(), frame.length, arrival));
            return false;
        }
        int length;
        try {
            length = Snappy.uncompressedLength(frame);
            if (length < 0 || length > limits.maxDecompressedBytes()) {
                out.accept(frameRejected(tenant, RejectReason.FRAME_TOO_LARGE,
                        "decompresses to " + Integer.toUnsignedString(length) + " bytes, limit " + limits.maxDecompressedBytes(),
                        frame.length, arrival));
                return false;
            }
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, Math.min(limits.maxDecompressedBytes(), buffer.length * 2))];
            }
            int written = Snappy.uncompress(frame, 0, frame.length, buffer, 0);
            if (written != length) {
                throw new IOException("decompressed " + written + " bytes, header says " + length);
            }
        } catch (IOException | RuntimeException e) {
            out.accept(frameRejected(tenant, RejectReason.BAD_SNAPPY, "not a snappy block: " + e.getMessage(), frame.length, arrival));
            return false;
        }
        return walk(buffer, length, frame.length, tenant, arrival, now, out);
    }

    private boolean walk(byte[] buf, int length, int frameBytes, String tenant, Arrival arrival, long now, Consumer<SourceRecord> out) {
        int series = 0;
        int metadata = 0;
        boolean v2 = false;
        try {
            CodedInputStream in = CodedInputStream.newInstance(buf, 0, length);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == TAG_SERIES) {
                    series++;
                } else if (tag == TAG_METADATA) {
                    metadata++;
                } else if (tag == TAG_V2_SYMBOLS || tag == TAG_V2_SERIES) {
                    v2 = true;
                }
                in.skipField(tag);
            }
        } catch (IOException e) {
            out.accept(frameRejected(tenant, RejectReason.BAD_PROTOBUF, "not a WriteRequest: " + e.getMessage(), frameBytes, arrival));
            return false;
        }
        if (v2) {
            out.accept(frameRejected(tenant, RejectReason.UNSUPPORTED_PROTOCOL,
                    "a remote_write 2.0 request (io.prometheus.write.v2.Request); send remote_write 1.0", frameBytes, arrival));
            return false;
        }
        if (series > limits.maxSeriesPerFrame()) {
            out.accept(frameRejected(tenant, RejectReason.TOO_MANY_SERIES,
                    series + " series, limit " + limits.maxSeriesPerFrame(), frameBytes, arrival));
            return false;
        }
        if (series == 0) {
            out.accept(metadata > 0
                    ? frameRejected(tenant, RejectReason.METADATA_ONLY, metadata + " metadata entries, no series", frameBytes, arrival)
                    : frameRejected(tenant, RejectReason.NO_SERIES, "a request without series", frameBytes, arrival));
            return false;
        }
        Map<String, MetricKind> kinds = metadata == 0 ? Map.of() : metadataKinds(buf, length);
        int base = 0;
        CodedInputStream in = CodedInputStream.newInstance(buf, 0, length);
        for (int tag = readTopLevelTag(in); tag != 0; tag = readTopLevelTag(in)) {
            if (tag != TAG_SERIES) {
                skipTopLevel(in, tag);
                continue;
            }
            int size = readTopLevelLength(in);
            int end = base + in.getTotalBytesRead() + size;
            boolean read;
            try {
                int limit = in.pushLimit(size);
                readSeries(in, base);
                in.popLimit(limit);
                read = true;
            } catch (IOException | RuntimeException e) {
                out.accept(SourceRecord.of(new Rejected(tenant, RejectReason.BAD_SERIES,
                        "series is not a valid protobuf message: " + e.getMessage(), null, null, null, Rejected.NO_TIMESTAMP,
                        Rejected.NO_TIMESTAMP, Double.NaN, 0, 0, arrival.origin(), arrival.observedAtEpochMillis(),
                        arrival.brokerTimestampEpochMillis())));
                base = end;
                in = CodedInputStream.newInstance(buf, end, length - end);
                read = false;
            }
            if (read) {
                emitSeries(buf, tenant, kinds, arrival, now, out);
            }
        }
        return true;
    }

    // The first pass read the top level whole, so the second cannot fail there.
    private static int readTopLevelTag(CodedInputStream in) {
        try {
            return in.readTag();
        } catch (IOException e) {
            throw new IllegalStateException("the first pass read this frame's top level", e);
        }
    }

    private static int readTopLevelLength(CodedInputStream in) {
        try {
            return in.readRawVarint32();
        } catch (IOException e) {
            throw new IllegalStateException("the first pass read this frame's top level", e);
        }
    }

    private static void skipTopLevel(CodedInputStream in, int tag) {
        try {
            in.skipField(tag);
        } catch (IOException e) {
            throw new IllegalStateException("the first pass read this frame's top level", e);
        }
    }

    /** Reads one series' fields into the position arrays; the stream is limited to the series. */
    private void readSeries(CodedInputStream in, int base) throws IOException {
        seriesLabels.clear();
        floats = 0;
        histogramCount = 0;
        samples = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == TAG_LABEL) {
                int start = base + in.getTotalBytesRead() - 1;
                int len = in.readRawVarint32();
                int content = base + in.getTotalBytesRead();
                in.skipRawBytes(len);
                seriesLabels.add(start, content, content + len);
            } else if (tag == TAG_SAMPLE) {
                int limit = in.pushLimit(in.readRawVarint32());
                long bits = 0;
                long timestamp = 0;
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == TAG_SAMPLE_VALUE) {
                        bits = in.readRawLittleEndian64();
                    } else if (t == TAG_SAMPLE_TIMESTAMP) {
                        timestamp = in.readInt64();
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                if (samples < limits.maxSamplesPerSeries()) {
                    ensureFloats(floats + 1);
                    timestamps[floats] = timestamp;
                    values[floats++] = bits;
                }
                samples++;
            } else if (tag == TAG_HISTOGRAM) {
                int len = in.readRawVarint32();
                int off = base + in.getTotalBytesRead();
                in.skipRawBytes(len);
                if (samples < limits.maxSamplesPerSeries()) {
                    ensureHistograms(histogramCount + 1);
                    histogramOff[histogramCount] = off;
                    histogramLen[histogramCount++] = len;
                }
                samples++;
            } else {
                in.skipField(tag);
            }
        }
    }

    /** Checks the series just read and hands on its samples, and one row per reason for those it rejects. */
    private void emitSeries(byte[] buf, String tenant, Map<String, MetricKind> kinds, Arrival arrival, long now, Consumer<SourceRecord> out) {
        if (seriesLabels.count() > limits.maxLabelsPerSeries()) {
            out.accept(unlabelled(tenant, RejectReason.TOO_MANY_LABELS_IN_SERIES,
                    seriesLabels.count() + " labels, limit " + limits.maxLabelsPerSeries(), samples, arrival));
            return;
        }
        LabelSet set = seriesLabels.labelSet(buf);
        if (set == null) {
            out.accept(unlabelled(tenant, seriesLabels.problem(), seriesLabels.problemDetail(), samples, arrival));
            return;
        }
        if (samples > limits.maxSamplesPerSeries()) {
            out.accept(seriesRejected(set, tenant, RejectReason.TOO_MANY_SAMPLES,
                    samples + " samples in one series, limit " + limits.maxSamplesPerSeries(), samples, arrival));
            return;
        }
        if (!set.isValid()) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < floats; i++) {
                first = Math.min(first, timestamps[i]);
                last = Math.max(last, timestamps[i]);
            }
            out.accept(SourceRecord.of(Redaction.rejection(policy, tenant, set.invalid(), set.invalidDetail(), set.names(), set.values(),
                    floats == 0 ? Rejected.NO_TIMESTAMP : first, floats == 0 ? Rejected.NO_TIMESTAMP : last, Double.NaN, samples, arrival)));
            return;
        }
        MetricKind kind = kinds.getOrDefault(set.metric(), set.kind());
        Series series = series(set, tenant);
        for (int i = 0; i < floats; i++) {
            long timestamp = timestamps[i];
            double value = Double.longBitsToDouble(values[i]);
            RejectReason reason = checkTimestamp(timestamp, now);
            if (reason == null && Double.isNaN(value)) {
                reason = StaleMarker.isStaleMarker(value) ? RejectReason.STALENESS_MARKER : RejectReason.NAN_VALUE;
            }
            if (reason == null) {
                out.accept(SourceRecord.of(new Sample(series, kind, timestamp, value, null, arrival.observedAtEpochMillis())));
            } else {
                countRejected(reason, null, timestamp, value);
            }
        }
        for (int i = 0; i < histogramCount; i++) {
            NativeHistogram histogram = histograms.read(buf, histogramOff[i], histogramLen[i]);
            long timestamp = histograms.timestamp();
            RejectReason reason = histogram == null ? histograms.reason() : checkTimestamp(timestamp, now);
            if (reason == null) {
                out.accept(SourceRecord.of(new Sample(series, MetricKind.HISTOGRAM, timestamp, Double.NaN, histogram,
                        arrival.observedAtEpochMillis())));
            } else {
                countRejected(reason, histogram == null ? histograms.detail() : null, timestamp, Double.NaN);
            }
        }
        emitRejected(set, tenant, arrival, out);
    }

    private RejectReason checkTimestamp(long timestamp, long now) {
        if (timestamp < RemoteWriteDecoder.MIN_VALID_TIMESTAMP_EPOCH_MILLIS) {
            return RejectReason.TIMESTAMP_INVALID;
        }
        if (timestamp > now + maxFutureSkewMillis) {
            return RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE;
        }
        return null;
    }


    private void countRejected(RejectReason reason, String detail, long timestamp, double value) {
        int r = reason.ordinal();
        if (rejectedCount[r] == 0) {
            rejectedFirst[r] = timestamp;
            rejectedLast[r] = timestamp;
            rejectedValue[r] = value;
            rejectedDetail[r] = detail;
            rejectedReasons |= 1L << r;
        } else {
            rejectedFirst[r] = Math.min(rejectedFirst[r], timestamp);
            rejectedLast[r] = Math.max(rejectedLast[r], timestamp);
            rejectedValue[r] = Double.NaN;
        }
        rejectedCount[r]++;
    }

    private void emitRejected(LabelSet set, String tenant, Arrival arrival, Consumer<SourceRecord> out) {
        for (long mask = rejectedReasons; mask != 0; mask &= mask - 1) {
            int r = Long.numberOfTrailingZeros(mask);
            RejectReason reason = REASONS[r];
            String detail = rejectedDetail[r] != null ? reason.label() + ": " + rejectedDetail[r] : reason.label();
            out.accept(SourceRecord.of(Redaction.rejection(policy, tenant, reason, detail, set.names(), set.values(),
                    rejectedFirst[r], rejectedLast[r], rejectedValue[r], rejectedCount[r], arrival)));
        }
        clearRejected();
    }

    private void clearRejected() {
        for (long mask = rejectedReasons; mask != 0; mask &= mask - 1) {
            int r = Long.numberOfTrailingZeros(mask);
            rejectedCount[r] = 0;
            rejectedDetail[r] = null;
        }
        rejectedReasons = 0;
    }

    private SourceRecord seriesRejected(LabelSet set, String tenant, RejectReason reason, String detail, long samples, Arrival arrival) {
        return SourceRecord.of(Redaction.rejection(policy, tenant, reason, detail, set.names(), set.values(),
                Rejected.NO_TIMESTAMP, Rejected.NO_TIMESTAMP, Double.NaN, samples, arrival));
    }

    /** A series whose labels were never made strings (over a budget, unreadable): its row carries none. */
    private static SourceRecord unlabelled(String tenant, RejectReason reason, String detail, long samples, Arrival arrival) {
        return SourceRecord.of(new Rejected(tenant, reason, detail, new String[0], new String[0], new String[0], Rejected.NO_TIMESTAMP,
                Rejected.NO_TIMESTAMP, Double.NaN, samples, 0, arrival.origin(), arrival.observedAtEpochMillis(),
                arrival.brokerTimestampEpochMillis()));
    }

    private static SourceRecord frameRejected(String tenant, RejectReason reason, String detail, long bytes, Arrival arrival) {
        return SourceRecord.of(Rejected.frame(tenant, reason, detail, 0, bytes, arrival));
    }

    /** Counter and gauge types from the frame's metadata, by metric family name; broken entries are skipped (they are advice). */
    private Map<String, MetricKind> metadataKinds(byte[] buf, int length) {
        Map<String, MetricKind> kinds = new HashMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(buf, 0, length);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag != TAG_METADATA) {
                    in.skipField(tag);
                    continue;
                }
                int limit = in.pushLimit(in.readRawVarint32());
                int type = 0;
                String family = null;
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == ((1 << 3) | WireFormat.WIRETYPE_VARINT)) {
                        type = in.readEnum();
                    } else if (t == ((2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                        int len = in.readRawVarint32();
                        byte[] name = in.readRawBytes(Math.min(len, limits.maxLabelValueBytes() + 1));
                        family = len <= limits.maxLabelValueBytes() && LabelSetDecoder.isValidUtf8(name, 0, name.length) ? new String(name, StandardCharsets.UTF_8) : null;
                        in.skipRawBytes(len - name.length);
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                MetricKind kind = type == 1 ? MetricKind.COUNTER : type == 2 ? MetricKind.GAUGE : null;
                if (family != null && kind != null && kinds.size() < limits.maxSeriesPerFrame()) {
                    kinds.put(family, kind);
                }
            }
        } catch (IOException e) {
            // The series are read on their own; broken metadata only loses its type hints.
        }
        return kinds;
    }

    private void ensureFloats(int size) {
        if (size > timestamps.length) {
            int grown = Math.min(limits.maxSamplesPerSeries(), Math.max(size, timestamps.length * 2));
            timestamps = Arrays.copyOf(timestamps, grown);
            values = Arrays.copyOf(values, grown);
        }
    }

    private void ensureHistograms(int size) {
        if (size > histogramOff.length) {
            int grown = Math.min(limits.maxSamplesPerSeries(), Math.max(size, histogramOff.length * 2));
            histogramOff = Arrays.copyOf(histogramOff, grown);
            histogramLen = Arrays.copyOf(histogramLen, grown);
        }
    }
}
