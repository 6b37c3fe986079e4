package io.strata.pipeline.state;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.rollup.HistogramSeriesRollup;
import java.io.IOException;
import java.util.List;
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
     * Layout version 1, after the version byte: window millis (long), max buckets (int), has-previous
     * (boolean), and with a previous histogram the last timestamp (long) and that histogram; then the
     * open windows (int), per window its start and end, samples and resets (long) and its merged
     * delta. Each histogram is written by {@link ExponentialHistogramSerializer} (which versions itself).
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
        HistogramSeriesRollup.State state = record.state();
        target.writeLong(state.windowMillis());
        target.writeInt(state.maxBuckets());
        target.writeBoolean(state.previous() != null);
        if (state.previous() != null) {
            target.writeLong(state.lastTimestampEpochMillis());
            ExponentialHistogramSerializer.INSTANCE.serialize(state.previous(), target);
        }
        target.writeInt(state.open().size());
        for (HistogramSeriesRollup.WindowState w : state.open()) {
            target.writeLong(w.windowStartEpochMillis());
            target.writeLong(w.windowEndEpochMillis());
            target.writeLong(w.samples());
            target.writeLong(w.resets());
            ExponentialHistogramSerializer.INSTANCE.serialize(w.delta(), target);
        }
    }

    @Override
    public HistogramSeriesRollup deserialize(DataInputView source) throws IOException {
        int version = source.readByte();
        if (version != VERSION_1) {
            throw new IOException("unknown HistogramSeriesRollup layout version " + version + "; this build reads "
                    + VERSION_1 + ".." + CURRENT_VERSION);
        }
        long windowMillis = source.readLong();
        int maxBuckets = source.readInt();
        ExponentialHistogram previous = null;
        long lastTimestamp = 0;
        if (source.readBoolean()) {
            lastTimestamp = source.readLong();
            previous = ExponentialHistogramSerializer.INSTANCE.deserialize(source);
        }
        HistogramSeriesRollup.WindowState[] open = new HistogramSeriesRollup.WindowState[source.readInt()];
        for (int i = 0; i < open.length; i++) {
            open[i] = new HistogramSeriesRollup.WindowState(source.readLong(), source.readLong(), source.readLong(),
                    source.readLong(), ExponentialHistogramSerializer.INSTANCE.deserialize(source));
        }
        return HistogramSeriesRollup.fromState(
                new HistogramSeriesRollup.State(windowMillis, maxBuckets, previous, lastTimestamp, List.of(open)));
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
