package io.strata.pipeline.state;

import io.strata.operators.rollup.HistogramSeriesRollup;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact serializer of a native-histogram series' rollup state: the previous cumulative
 * histogram plus the open windows' merged deltas, each histogram in {@link
 * ExponentialHistogramSerializer}'s layout (about one byte per bucket).
 */
public final class HistogramSeriesRollupSerializer extends TypeSerializerSingleton<HistogramSeriesRollup> {

    private static final long serialVersionUID = 1L;

    public static final HistogramSeriesRollupSerializer INSTANCE = new HistogramSeriesRollupSerializer();

    /**
     * Layout version 1: {@link HistogramSeriesRollup#writeTo}, each histogram written by {@link
     * ExponentialHistogramSerializer} (which versions itself).
     */
    static final int VERSION_1 = 1;

    /** The version this build writes. */
    static final int CURRENT_VERSION = VERSION_1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public HistogramSeriesRollup createInstance() {
        return null;
    }

    @Override
    public HistogramSeriesRollup copy(HistogramSeriesRollup from) {
        return from.copy();
    }

    @Override
    public HistogramSeriesRollup copy(HistogramSeriesRollup from, HistogramSeriesRollup reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(HistogramSeriesRollup record, DataOutputView target) throws IOException {
        target.writeByte(CURRENT_VERSION);
        record.writeTo(target, h -> ExponentialHistogramSerializer.INSTANCE.serialize(h, target));
    }

    @Override
    public HistogramSeriesRollup deserialize(DataInputView source) throws IOException {
        int version = source.readByte();
        if (version != VERSION_1) {
            throw new IOException("unknown HistogramSeriesRollup layout version " + version + "; this build reads "
                    + VERSION_1 + ".." + CURRENT_VERSION);
        }
        return HistogramSeriesRollup.readFrom(source, () -> ExponentialHistogramSerializer.INSTANCE.deserialize(source));
    }

    @Override
    public HistogramSeriesRollup deserialize(HistogramSeriesRollup reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<HistogramSeriesRollup> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the layout version travels with each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HistogramSeriesRollup> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
