package io.strata.pipeline.state;

import io.strata.operators.histogram.ExponentialBuckets;
import io.strata.operators.histogram.ExponentialHistogram;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact serializer of an {@link ExponentialHistogram}: varints for whole counts, about one byte
 * per bucket for typical counts plus some 20 bytes of header.
 *
 * <p>Layout version 1, after the version byte:
 * <pre>
 * flags        byte    bit 0: min and max follow; bit 1: counts are whole (varints, else doubles);
 *                      bit 2: zero threshold follows; bit 3: reset state differs (follows)
 * scale        byte    signed
 * maxBuckets   varint
 * [resetScale byte, resetZeroThreshold double]          if bit 3
 * [zeroThreshold double]                                 if bit 2
 * count        varint | double
 * sum          double
 * [min double, max double]                               if bit 0
 * zeroCount    varint | double
 * positive     varint length, then if length &gt; 0: zigzag varint offset, length counts
 * negative     the same
 * </pre>
 */
public final class ExponentialHistogramSerializer extends TypeSerializerSingleton<ExponentialHistogram> {

    private static final long serialVersionUID = 1L;

    public static final ExponentialHistogramSerializer INSTANCE = new ExponentialHistogramSerializer();

    /** Layout version 1: the layout in the class comment. */
    static final int VERSION_1 = 1;

    /** The version this build writes. */
    static final int CURRENT_VERSION = VERSION_1;

    private static final int FLAG_MIN_MAX = 1;
    private static final int FLAG_WHOLE_COUNTS = 1 << 1;
    private static final int FLAG_ZERO_THRESHOLD = 1 << 2;
    private static final int FLAG_RESET_STATE = 1 << 3;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ExponentialHistogram createInstance() {
        return ExponentialHistogram.create();
    }

    @Override
    public ExponentialHistogram copy(ExponentialHistogram from) {
        return from.copy();
    }

    @Override
    public ExponentialHistogram copy(ExponentialHistogram from, ExponentialHistogram reuse) {
        if (reuse != null && reuse.maxBuckets() >= from.maxBuckets()) {
            reuse.copyFrom(from);
            return reuse;
        }
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ExponentialHistogram h, DataOutputView target) throws IOException {
        boolean whole = h.hasIntegerCounts();
        boolean resetDiffers = h.resetScale() != h.scale() || h.resetZeroThreshold() != h.zeroThreshold();
        int flags = (h.hasMinMax() ? FLAG_MIN_MAX : 0)
                | (whole ? FLAG_WHOLE_COUNTS : 0)
                | (h.zeroThreshold() != 0 ? FLAG_ZERO_THRESHOLD : 0)
                | (resetDiffers ? FLAG_RESET_STATE : 0);
        target.writeByte(CURRENT_VERSION);
        target.writeByte(flags);
        target.writeByte(h.scale());
        writeVarLong(target, h.maxBuckets());
        if (resetDiffers) {
            target.writeByte(h.resetScale());
            target.writeDouble(h.resetZeroThreshold());
        }
        if (h.zeroThreshold() != 0) {
            target.writeDouble(h.zeroThreshold());
        }
        writeCount(target, h.count(), whole);
        target.writeDouble(h.sum());
        if (h.hasMinMax()) {
            target.writeDouble(h.min());
            target.writeDouble(h.max());
        }
        writeCount(target, h.zeroCount(), whole);
        writeBuckets(target, h.positive(), whole);
        writeBuckets(target, h.negative(), whole);
    }

    @Override
    public ExponentialHistogram deserialize(DataInputView source) throws IOException {
        int version = source.readByte();
        if (version != VERSION_1) {
            throw new IOException("unknown ExponentialHistogram layout version " + version + "; this build reads "
                    + VERSION_1 + ".." + CURRENT_VERSION);
        }
        int flags = source.readByte();
        boolean whole = (flags & FLAG_WHOLE_COUNTS) != 0;
        int scale = source.readByte();
        ExponentialHistogram.Builder builder = ExponentialHistogram.builder()
                .maxBuckets((int) readVarLong(source))
                .scale(scale);
        double zeroThreshold = 0;
        if ((flags & FLAG_RESET_STATE) != 0) {
            int resetScale = source.readByte();
            builder.resetTo(resetScale, source.readDouble());
        }
        if ((flags & FLAG_ZERO_THRESHOLD) != 0) {
            zeroThreshold = source.readDouble();
        }
        builder.zeroThreshold(zeroThreshold)
                .count(readCount(source, whole))
                .sum(source.readDouble());
        if ((flags & FLAG_MIN_MAX) != 0) {
            double min = source.readDouble();
            builder.minMax(min, source.readDouble());
        }
        builder.zeroCount(readCount(source, whole));
        int positiveLength = (int) readVarLong(source);
        if (positiveLength > 0) {
            int offset = readZigZag(source);
            builder.positive(offset, readCounts(source, positiveLength, whole));
        }
        int negativeLength = (int) readVarLong(source);
        if (negativeLength > 0) {
            int offset = readZigZag(source);
            builder.negative(offset, readCounts(source, negativeLength, whole));
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt ExponentialHistogram state: " + e.getMessage(), e);
        }
    }

    @Override
    public ExponentialHistogram deserialize(ExponentialHistogram reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ExponentialHistogram> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeBuckets(DataOutputView target, ExponentialBuckets buckets, boolean whole)
            throws IOException {
        writeVarLong(target, buckets.length());
        if (buckets.length() == 0) {
            return;
        }
        long offset = buckets.offset();
        writeVarLong(target, (offset << 1) ^ (offset >> 63));
        for (int i = 0; i < buckets.length(); i++) {
            writeCount(target, buckets.countAt(i), whole);
        }
    }

    private static double[] readCounts(DataInputView source, int length, boolean whole) throws IOException {
        if (length > ExponentialHistogram.MAX_MAX_BUCKETS) {
            throw new IOException("corrupt ExponentialHistogram state: " + length + " buckets");
        }
        double[] counts = new double[length];
        for (int i = 0; i < length; i++) {
            counts[i] = readCount(source, whole);
        }
        return counts;
    }

    private static void writeCount(DataOutputView target, double count, boolean whole) throws IOException {
        if (whole) {
            writeVarLong(target, (long) count);
        } else {
            target.writeDouble(count);
        }
    }

    private static double readCount(DataInputView source, boolean whole) throws IOException {
        return whole ? readVarLong(source) : source.readDouble();
    }

    private static int readZigZag(DataInputView source) throws IOException {
        long raw = readVarLong(source);
        return (int) ((raw >>> 1) ^ -(raw & 1));
    }

    /** Unsigned LEB128, as protobuf's varint. */
    private static void writeVarLong(DataOutputView target, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            target.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        target.writeByte((int) v);
    }

    private static long readVarLong(DataInputView source) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = source.readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("corrupt ExponentialHistogram state: varint longer than 10 bytes");
    }

    /** Serializer snapshot; the layout version travels with each value, so old state stays readable. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ExponentialHistogram> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
