package io.strata.pipeline.state;

import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.series.MetricKind;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact serializer of a series' rollup state: the counter cursor plus its open windows, about
 * 100 bytes for the usual single open window.
 */
public final class SeriesRollupSerializer extends TypeSerializerSingleton<SeriesRollup> {

    private static final long serialVersionUID = 1L;

    public static final SeriesRollupSerializer INSTANCE = new SeriesRollupSerializer();

    /**
     * Layout version 1, after the version byte: window millis (long), kind ordinal (byte), has-last
     * (boolean), last timestamp (long), last value (double), open windows (int), then per window its
     * start and end (long), count (long), sum, min, max, last, increase, first raw value (double)
     * and resets (long).
     */
    private static final int VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public SeriesRollup createInstance() {
        return null;
    }

    @Override
    public SeriesRollup copy(SeriesRollup from) {
        return from.copy();
    }

    @Override
    public SeriesRollup copy(SeriesRollup from, SeriesRollup reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesRollup record, DataOutputView target) throws IOException {
        target.writeByte(VERSION);
        SeriesRollup.State state = record.state();
        target.writeLong(state.windowMillis());
        target.writeByte(state.kind().ordinal());
        target.writeBoolean(state.hasLast());
        target.writeLong(state.lastTimestampEpochMillis());
        target.writeDouble(state.lastValue());
        target.writeInt(state.open().size());
        for (SeriesRollup.WindowState w : state.open()) {
            target.writeLong(w.windowStartEpochMillis());
            target.writeLong(w.windowEndEpochMillis());
            target.writeLong(w.count());
            target.writeDouble(w.sum());
            target.writeDouble(w.min());
            target.writeDouble(w.max());
            target.writeDouble(w.last());
            target.writeDouble(w.increase());
            target.writeDouble(w.firstRaw());
            target.writeLong(w.resets());
        }
    }

    @Override
    public SeriesRollup deserialize(DataInputView source) throws IOException {
        int version = source.readByte();
        if (version != VERSION) {
            throw new IOException("unknown SeriesRollup layout version " + version + "; this build reads " + VERSION);
        }
        long windowMillis = source.readLong();
        MetricKind kind = MetricKind.values()[source.readByte()];
        boolean hasLast = source.readBoolean();
        long lastTimestamp = source.readLong();
        double lastValue = source.readDouble();
        SeriesRollup.WindowState[] open = new SeriesRollup.WindowState[source.readInt()];
        for (int i = 0; i < open.length; i++) {
            open[i] = new SeriesRollup.WindowState(source.readLong(), source.readLong(), source.readLong(), source.readDouble(),
                    source.readDouble(), source.readDouble(), source.readDouble(), source.readDouble(), source.readDouble(),
                    source.readLong());
        }
        return SeriesRollup.fromState(new SeriesRollup.State(windowMillis, kind, hasLast, lastTimestamp, lastValue, List.of(open)));
    }

    @Override
    public SeriesRollup deserialize(SeriesRollup reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<SeriesRollup> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the layout version travels with each value. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SeriesRollup> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
