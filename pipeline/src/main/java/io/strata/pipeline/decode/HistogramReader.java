package io.strata.pipeline.decode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.StaleMarker;
import io.strata.pipeline.record.NativeHistogram;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads one remote_write {@code Histogram} message under the bucket budget and checks it as
 * Prometheus would before storing it: a schema of -4..8 (custom buckets, -53, refused with their
 * own reason), a finite non-negative zero threshold, spans whose lengths add up to the buckets
 * given, bucket indices that a float64 bucket boundary can have, no negative count, and a count
 * that the buckets add up to. Whatever passes is consistent, so no later stage has to check it
 * again. Integer deltas become absolute counts here, the one place they are resolved.
 *
 * <p>Not thread-safe: its scratch arrays are reused from histogram to histogram.
 */
final class HistogramReader {

    /** Index bounds: beyond 2^1024 or below 2^-1074 a bucket boundary is no longer a finite, non-zero float64. */
    private static final int MAX_EXPONENT = 1024;
    private static final int MIN_EXPONENT = -1075;

    private final int maxBuckets;
    private final Side positive;
    private final Side negative;
    private final ExponentialHistogram scratch;

    private RejectReason reason;
    private String detail;
    private long timestamp;

    HistogramReader(int maxBuckets) {
        this.maxBuckets = maxBuckets;
        this.positive = new Side(maxBuckets);
        this.negative = new Side(maxBuckets);
        this.scratch = ExponentialHistogram.create(
                Math.max(ExponentialHistogram.MIN_MAX_BUCKETS, Math.min(maxBuckets, ExponentialHistogram.MAX_MAX_BUCKETS)));
    }

    /** Why the last {@link #read} returned {@code null}. */
    RejectReason reason() {
        return reason;
    }

    String detail() {
        return detail;
    }

    /** The timestamp of the last histogram read, valid or not. */
    long timestamp() {
        return timestamp;
    }

    /** The histogram at {@code buf[off, off+len)}, or {@code null} with {@link #reason()} set. */
    NativeHistogram read(byte[] buf, int off, int len) {
        reason = null;
        detail = null;
        timestamp = 0;
        positive.clear();
        negative.clear();
        long countInt = 0;
        double countFloat = 0;
        boolean floatCount = false;
        long zeroInt = 0;
        double zeroFloat = 0;
        boolean floatZero = false;
        double sum = 0;
        int schema = 0;
        double zeroThreshold = 0;
        int resetHint = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(buf, off, len);
            for (int tag = in.readTag(); tag != 0 && reason == null; tag = in.readTag()) {
                switch (tag) {
                    case (1 << 3) | WireFormat.WIRETYPE_VARINT -> { countInt = in.readUInt64(); floatCount = false; }
                    case (2 << 3) | WireFormat.WIRETYPE_FIXED64 -> { countFloat = in.readDouble(); floatCount = true; }
                    case (3 << 3) | WireFormat.WIRETYPE_FIXED64 -> sum = in.readDouble();
                    case (4 << 3) | WireFormat.WIRETYPE_VARINT -> schema = in.readSInt32();
                    case (5 << 3) | WireFormat.WIRETYPE_FIXED64 -> zeroThreshold = in.readDouble();
                    case (6 << 3) | WireFormat.WIRETYPE_VARINT -> { zeroInt = in.readUInt64(); floatZero = false; }
                    case (7 << 3) | WireFormat.WIRETYPE_FIXED64 -> { zeroFloat = in.readDouble(); floatZero = true; }
                    case (8 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readSpan(in, negative);
                    case (9 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readPackedDeltas(in, negative);
                    case (9 << 3) | WireFormat.WIRETYPE_VARINT -> addDelta(negative, in.readSInt64());
                    case (10 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readPackedCounts(in, negative);
                    case (10 << 3) | WireFormat.WIRETYPE_FIXED64 -> addCount(negative, in.readDouble());
                    case (11 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readSpan(in, positive);
                    case (12 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readPackedDeltas(in, positive);
                    case (12 << 3) | WireFormat.WIRETYPE_VARINT -> addDelta(positive, in.readSInt64());
                    case (13 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> readPackedCounts(in, positive);
                    case (13 << 3) | WireFormat.WIRETYPE_FIXED64 -> addCount(positive, in.readDouble());
                    case (14 << 3) | WireFormat.WIRETYPE_VARINT -> resetHint = in.readEnum();
                    case (15 << 3) | WireFormat.WIRETYPE_VARINT -> timestamp = in.readInt64();
                    default -> in.skipField(tag);
                }
            }
        } catch (IOException e) {
            return fail(RejectReason.BAD_SERIES, "histogram is not a valid protobuf message: " + e.getMessage());
        }
        if (reason != null) {
            return null;
        }
        if (StaleMarker.isStaleMarker(sum)) {
            return fail(RejectReason.STALENESS_MARKER, null);
        }
        if (schema == -53) {
            return fail(RejectReason.HISTOGRAM_CUSTOM_BUCKETS, "schema -53 (custom buckets)");
        }
        if (schema < -4 || schema > 8) {
            return fail(RejectReason.HISTOGRAM_SCHEMA_UNSUPPORTED, "schema " + schema + " outside -4..8");
        }
        if (!(zeroThreshold >= 0) || Double.isInfinite(zeroThreshold)) {
            return fail(RejectReason.HISTOGRAM_INVALID, "zero threshold " + zeroThreshold);
        }
        if (floatCount != floatZero && (floatCount ? zeroInt != 0 : zeroFloat != 0)) {
            return fail(RejectReason.HISTOGRAM_INVALID, "integer and float counts mixed");
        }
        if (floatCount ? positive.deltas > 0 || negative.deltas > 0 : positive.counts > 0 || negative.counts > 0) {
            return fail(RejectReason.HISTOGRAM_INVALID, floatCount ? "float histogram with integer deltas" : "integer histogram with float counts");
        }
        if (!checkSpans(positive, schema, "positive") || !checkSpans(negative, schema, "negative")) {
            return null;
        }
        double total;
        double count;
        double zeroCount;
        if (floatCount) {
            zeroCount = floatZero ? zeroFloat : 0;
            count = countFloat;
            if (!(count >= 0) || Double.isInfinite(count) || !(zeroCount >= 0) || Double.isInfinite(zeroCount)) {
                return fail(RejectReason.HISTOGRAM_INVALID, "count " + count + ", zero count " + zeroCount);
            }
            total = zeroCount + positive.total + negative.total;
        } else {
            if (countInt < 0 || zeroInt < 0) {
                return fail(RejectReason.HISTOGRAM_INVALID, "count beyond 2^63");
            }
            long buckets;
            try {
                buckets = Math.addExact(Math.addExact(zeroInt, positive.integerTotal), negative.integerTotal);
            } catch (ArithmeticException e) {
                return fail(RejectReason.HISTOGRAM_INVALID, "bucket counts overflow");
            }
            zeroCount = zeroInt;
            count = countInt;
            total = buckets;
            if (Double.isNaN(sum) ? buckets > countInt : buckets != countInt) {
                return fail(RejectReason.HISTOGRAM_INVALID, "count " + countInt + " but buckets add up to " + buckets);
            }
        }
        if (floatCount && total > count * (1 + 1e-9) + 1e-9) {
            return fail(RejectReason.HISTOGRAM_INVALID, "count " + count + " below the buckets' " + total);
        }
        NativeHistogram histogram = new NativeHistogram(schema, zeroThreshold, zeroCount, count, sum,
                positive.offsets(), positive.lengths(), positive.absolute(),
                negative.offsets(), negative.lengths(), negative.absolute(),
                resetHint >= 0 && resetHint <= 3 ? resetHint : 0, floatCount);
        try {
            // The rollup's own reading of the record: what passes here, every later stage can read.
            NativeHistogramCodec.decode(histogram, scratch);
        } catch (IllegalArgumentException e) {
            return fail(RejectReason.HISTOGRAM_INVALID, e.getMessage());
        }
        return histogram;
    }

    private NativeHistogram fail(RejectReason why, String what) {
        reason = why;
        detail = what;
        return null;
    }

    private void readSpan(CodedInputStream in, Side side) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        int offset = 0;
        long length = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_VARINT -> offset = in.readSInt32();
                case (2 << 3) | WireFormat.WIRETYPE_VARINT -> length = Integer.toUnsignedLong(in.readUInt32());
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        if (side.spans == maxBuckets) {
            fail(RejectReason.HISTOGRAM_TOO_MANY_BUCKETS, "more than " + maxBuckets + " spans");
            return;
        }
        side.spanOffsets[side.spans] = offset;
        side.spanLengths[side.spans++] = length;
    }

    private void readPackedDeltas(CodedInputStream in, Side side) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0 && reason == null) {
            addDelta(side, in.readSInt64());
        }
        in.popLimit(limit);
    }

    private void readPackedCounts(CodedInputStream in, Side side) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0 && reason == null) {
            addCount(side, in.readDouble());
        }
        in.popLimit(limit);
    }

    private void addDelta(Side side, long delta) {
        if (!roomFor(side)) {
            return;
        }
        long previous = side.deltas == 0 ? 0 : side.integer[side.deltas - 1];
        long absolute;
        try {
            absolute = Math.addExact(previous, delta);
            side.integerTotal = Math.addExact(side.integerTotal, Math.max(absolute, 0));
        } catch (ArithmeticException e) {
            fail(RejectReason.HISTOGRAM_INVALID, "bucket count overflows");
            return;
        }
        if (absolute < 0) {
            fail(RejectReason.HISTOGRAM_INVALID, "negative bucket count " + absolute);
            return;
        }
        side.integer[side.deltas++] = absolute;
    }

    private void addCount(Side side, double count) {
        if (!roomFor(side)) {
            return;
        }
        if (!(count >= 0) || Double.isInfinite(count)) {
            fail(RejectReason.HISTOGRAM_INVALID, "bucket count " + count);
            return;
        }
        side.floats[side.counts++] = count;
        side.total += count;
    }

    private boolean roomFor(Side side) {
        if (positive.deltas + positive.counts + negative.deltas + negative.counts >= maxBuckets) {
            fail(RejectReason.HISTOGRAM_TOO_MANY_BUCKETS, "more than " + maxBuckets + " buckets");
            return false;
        }
        return true;
    }

    /** Span lengths must add up to the buckets given, and every bucket index must fit the schema. */
    private boolean checkSpans(Side side, int schema, String which) {
        long maxIndex = schema >= 0 ? (long) MAX_EXPONENT << schema : MAX_EXPONENT >> -schema;
        long minIndex = schema >= 0 ? (long) MIN_EXPONENT << schema : MIN_EXPONENT >> -schema;
        long buckets = side.deltas + side.counts;
        long index = 0;
        long covered = 0;
        for (int i = 0; i < side.spans; i++) {
            if (i > 0 && side.spanOffsets[i] < 0) {
                fail(RejectReason.HISTOGRAM_INVALID, which + " span " + i + " has a negative offset");
                return false;
            }
            // Prometheus' bucket index is one above OpenTelemetry's; the bounds above allow for it.
            index += side.spanOffsets[i];
            covered += side.spanLengths[i];
            if (covered > buckets) {
                break;
            }
            long last = index + side.spanLengths[i] - 1;
            if ((side.spanLengths[i] > 0 && (index < minIndex || last > maxIndex + 1))) {
                fail(RejectReason.HISTOGRAM_INVALID, which + " bucket index outside " + minIndex + ".." + (maxIndex + 1)
                        + " for schema " + schema);
                return false;
            }
            index += side.spanLengths[i];
        }
        if (covered != buckets) {
            fail(RejectReason.HISTOGRAM_INVALID, which + " spans cover " + covered + " buckets but " + buckets + " are given");
            return false;
        }
        return true;
    }

    /** One side's spans and buckets, in reused arrays. */
    private static final class Side {
        final int[] spanOffsets;
        final long[] spanLengths;
        final long[] integer;
        final double[] floats;
        int spans;
        int deltas;
        int counts;
        long integerTotal;
        double total;

        Side(int maxBuckets) {
            spanOffsets = new int[maxBuckets];
            spanLengths = new long[maxBuckets];
            integer = new long[maxBuckets];
            floats = new double[maxBuckets];
        }

        void clear() {
            spans = 0;
            deltas = 0;
            counts = 0;
            integerTotal = 0;
            total = 0;
        }

        int[] offsets() {
            return Arrays.copyOf(spanOffsets, spans);
        }

        int[] lengths() {
            int[] lengths = new int[spans];
            for (int i = 0; i < spans; i++) {
                lengths[i] = (int) spanLengths[i];
            }
            return lengths;
        }

        double[] absolute() {
            if (counts > 0) {
                return Arrays.copyOf(floats, counts);
            }
            double[] absolute = new double[deltas];
            for (int i = 0; i < deltas; i++) {
                absolute[i] = integer[i];
            }
            return absolute;
        }
    }
}
