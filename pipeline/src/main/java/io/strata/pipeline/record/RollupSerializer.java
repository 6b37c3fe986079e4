package io.strata.pipeline.record;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Rollup} between operators: the series as {@link SampleSerializer}
 * sends it (its blob, decoded once per series on the reading side), the resolution, the window
 * aggregate field by field, the revision, and a native-histogram aggregate through its own
 * serializer. Holds a cache, so {@link #duplicate()} gives a new instance.
 */
public final class RollupSerializer extends TypeSerializer<Rollup> {

    private static final long serialVersionUID = 1L;
    private static final MetricKind[] KINDS = MetricKind.values();

    private final TypeSerializer<HistogramWindowAggregate> histograms;
    private transient SeriesBlobCache series;

    public RollupSerializer(TypeSerializer<HistogramWindowAggregate> histograms) {
        this.histograms = Objects.requireNonNull(histograms, "histograms");
    }

    TypeSerializer<HistogramWindowAggregate> histograms() {
        return histograms;
    }

    private SeriesBlobCache series() {
        if (series == null) {
            series = new SeriesBlobCache();
        }
        return series;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<Rollup> duplicate() {
        return new RollupSerializer(histograms.duplicate());
    }

    @Override
    public Rollup createInstance() {
        return null;
    }

    /** A rollup and its window aggregate are immutable; only a histogram aggregate is copied. */
    @Override
    public Rollup copy(Rollup from) {
        HistogramWindowAggregate histogram = from.histogram();
        return histogram == null ? from
                : new Rollup(from.series(), from.resolution(), from.aggregate(), histograms.copy(histogram), from.revision());
    }

    @Override
    public Rollup copy(Rollup from, Rollup reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Rollup rollup, DataOutputView out) throws IOException {
        byte[] blob = rollup.series().blob();
        out.writeLong(rollup.seriesId());
        out.writeInt(blob.length);
        out.write(blob);
        out.writeUTF(rollup.resolution());
        out.writeInt(rollup.revision());
        WindowAggregate a = rollup.aggregate();
        out.writeByte(a.kind().ordinal());
        out.writeLong(a.windowStartEpochMillis());
        out.writeLong(a.windowEndEpochMillis());
        out.writeLong(a.count());
        out.writeDouble(a.sum());
        out.writeDouble(a.min());
        out.writeDouble(a.max());
        out.writeDouble(a.last());
        out.writeDouble(a.increase());
        out.writeDouble(a.firstRaw());
        out.writeDouble(a.lastRaw());
        out.writeLong(a.resets());
        out.writeBoolean(rollup.histogram() != null);
        if (rollup.histogram() != null) {
            histograms.serialize(rollup.histogram(), out);
        }
    }

    @Override
    public Rollup deserialize(DataInputView in) throws IOException {
        long seriesId = in.readLong();
        Series read = series().read(seriesId, in.readInt(), in);
        String resolution = in.readUTF();
        int revision = in.readInt();
        WindowAggregate aggregate = new WindowAggregate(KINDS[in.readByte()], in.readLong(), in.readLong(), in.readLong(),
                in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readLong());
        HistogramWindowAggregate histogram = in.readBoolean() ? histograms.deserialize(in) : null;
        return new Rollup(read, resolution, aggregate, histogram, revision);
    }

    @Override
    public Rollup deserialize(Rollup reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RollupSerializer other && histograms.equals(other.histograms);
    }

    @Override
    public int hashCode() {
        return histograms.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Rollup> snapshotConfiguration() {
        return new RollupSerializerSnapshot(this);
    }
}
