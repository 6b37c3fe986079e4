package io.strata.pipeline.state;

import io.strata.operators.rollup.SeriesRollup;
import java.io.IOException;
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

    /** Layout version 1: {@link SeriesRollup#writeTo}. */
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
        record.writeTo(target);
    }

    @Override
    public SeriesRollup deserialize(DataInputView source) throws IOException {
        int version = source.readByte();
        if (version != VERSION) {
            throw new IOException("unknown SeriesRollup layout version " + version + "; this build reads " + VERSION);
        }
        return SeriesRollup.readFrom(source);
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
