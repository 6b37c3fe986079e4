package io.strata.pipeline.record;

import io.strata.operators.rollup.HistogramWindowAggregate;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The snapshot of a {@link RollupSerializer}: its layout version and the histogram aggregate serializer within. */
public final class RollupSerializerSnapshot extends CompositeTypeSerializerSnapshot<Rollup, RollupSerializer> {

    private static final int VERSION = 1;

    /** For Flink, which restores snapshots by reflection. */
    public RollupSerializerSnapshot() {}

    RollupSerializerSnapshot(RollupSerializer serializer) {
        super(serializer);
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
        return VERSION;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(RollupSerializer outerSerializer) {
        return new TypeSerializer<?>[] {outerSerializer.histograms()};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected RollupSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nestedSerializers) {
        return new RollupSerializer((TypeSerializer<HistogramWindowAggregate>) nestedSerializers[0]);
    }
}
