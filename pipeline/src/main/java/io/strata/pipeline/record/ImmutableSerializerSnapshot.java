package io.strata.pipeline.record;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The snapshot of an {@link ImmutableSerializer}: the serializer within. */
public final class ImmutableSerializerSnapshot<T> extends CompositeTypeSerializerSnapshot<T, ImmutableSerializer<T>> {

    private static final int VERSION = 1;

    /** For Flink, which restores snapshots by reflection. */
    public ImmutableSerializerSnapshot() {}

    ImmutableSerializerSnapshot(ImmutableSerializer<T> serializer) {
        super(serializer);
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
        return VERSION;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(ImmutableSerializer<T> outerSerializer) {
        return new TypeSerializer<?>[] {outerSerializer.serializer()};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected ImmutableSerializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nestedSerializers) {
        return new ImmutableSerializer<>((TypeSerializer<T>) nestedSerializers[0]);
    }
}
