package io.strata.pipeline.record;

import io.strata.operators.series.MetricKind;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link Sample}, between operators and in state. A sample's tenant and
 * labels go as one blob that their {@link Series} encodes once and, on the reading side,
 * {@link SeriesBlobCache} decodes once per series: the samples of a series read back share one set of label arrays,
 * as they did when decoded. Histograms go through their own (POJO) serializer.
 *
 * <p>Layout: series id, blob length and blob, kind, timestamp, value, arrival time, then a flag
 * and the histogram if there is one. Holds caches, so {@link #duplicate()} gives a new instance.
 */
public final class SampleSerializer extends TypeSerializer<Sample> {

    private static final long serialVersionUID = 1L;
    private static final MetricKind[] KINDS = MetricKind.values();

    private final TypeSerializer<NativeHistogram> histograms;
    private transient SeriesBlobCache series;

    public SampleSerializer(TypeSerializer<NativeHistogram> histograms) {
        this.histograms = Objects.requireNonNull(histograms, "histograms");
    }

    TypeSerializer<NativeHistogram> histograms() {
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
    public TypeSerializer<Sample> duplicate() {
        return new SampleSerializer(histograms.duplicate());
    }

    @Override
    public Sample createInstance() {
        return null;
    }

    /** Labels are shared and never modified (see {@link Sample}); only a histogram is copied. */
    @Override
    public Sample copy(Sample from) {
        NativeHistogram histogram = from.histogram();
        return histogram == null ? from : new Sample(from.series(), from.kind(), from.timestampEpochMillis(), from.value(),
                histograms.copy(histogram), from.arrivalEpochMillis());
    }

    @Override
    public Sample copy(Sample from, Sample reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Sample sample, DataOutputView out) throws IOException {
        byte[] blob = sample.series().blob();
        out.writeLong(sample.seriesId());
        out.writeInt(blob.length);
        out.write(blob);
        out.writeByte(sample.kind().ordinal());
        out.writeLong(sample.timestampEpochMillis());
        out.writeDouble(sample.value());
        out.writeLong(sample.arrivalEpochMillis());
        out.writeBoolean(sample.histogram() != null);
        if (sample.histogram() != null) {
            histograms.serialize(sample.histogram(), out);
        }
    }

    @Override
    public Sample deserialize(DataInputView in) throws IOException {
        long seriesId = in.readLong();
        Series read = series().read(seriesId, in.readInt(), in);
        MetricKind kind = KINDS[in.readByte()];
        long timestamp = in.readLong();
        double value = in.readDouble();
        long arrival = in.readLong();
        NativeHistogram histogram = in.readBoolean() ? histograms.deserialize(in) : null;
        return new Sample(read, kind, timestamp, value, histogram, arrival);
    }

    @Override
    public Sample deserialize(Sample reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.writeLong(source.readLong());
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
        target.writeByte(source.readByte());
        target.writeLong(source.readLong());
        target.writeDouble(source.readDouble());
        target.writeLong(source.readLong());
        boolean hasHistogram = source.readBoolean();
        target.writeBoolean(hasHistogram);
        if (hasHistogram) {
            histograms.copy(source, target);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleSerializer other && histograms.equals(other.histograms);
    }

    @Override
    public int hashCode() {
        return histograms.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Sample> snapshotConfiguration() {
        return new SampleSerializerSnapshot(this);
    }
}
