package io.strata.pipeline.record;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The snapshot of a {@link SampleSerializer}: its layout version and the histogram serializer within. */
public final class SampleSerializerSnapshot extends CompositeTypeSerializerSnapshot<Sample, SampleSerializer> {

    private static final int VERSION = 1;

    /** For Flink, which restores snapshots by reflection. */
    public SampleSerializerSnapshot() {}

    SampleSerializerSnapshot(SampleSerializer serializer) {
        super(serializer);
    }

    @Override
    protected int getCurrentOuterSnapshotVersion() {
        return VERSION;
    }

    @Override
    protected TypeSerializer<?>[] getNestedSerializers(SampleSerializer outerSerializer) {
        return new TypeSerializer<?>[] {outerSerializer.histograms()};
    }

    @Override
    @SuppressWarnings("unchecked")
    protected SampleSerializer createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nestedSerializers) {
        return new SampleSerializer((TypeSerializer<NativeHistogram>) nestedSerializers[0]);
    }
}
