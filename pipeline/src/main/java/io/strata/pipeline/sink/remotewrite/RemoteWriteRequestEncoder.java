package io.strata.pipeline.sink.remotewrite;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.xerial.snappy.Snappy;

/**
 * Encodes samples as one remote_write 1.0 request body: a {@code WriteRequest}, snappy block
 * compressed. Consecutive samples of the same series share one {@code TimeSeries}, so a series'
 * samples keep their order.
 */
public final class RemoteWriteRequestEncoder {

    private RemoteWriteRequestEncoder() {}

    /** The snappy-compressed {@code WriteRequest} holding {@code samples}. */
    public static byte[] encode(List<Sample> samples) {
        return compress(serialize(samples));
    }

    /**
     * The snappy-compressed {@code WriteRequest} holding {@code samples}, each series' labels
     * given by {@code labelFields} already encoded ({@link #labelFields(String[], String[])}).
     */
    static byte[] encode(List<Sample> samples, Function<Sample, byte[]> labelFields) {
        return compress(serialize(samples, labelFields));
    }

    /**
     * The {@code WriteRequest} bytes of {@code samples}, written straight from them (sizes first,
     * then one array) rather than through the protobuf object tree: the same bytes as
     * {@code toWriteRequest(samples).toByteArray()}, at a fraction of the allocation.
     */
    public static byte[] serialize(List<Sample> samples) {
        return serialize(samples, sample -> labelFields(sample.labelNames(), sample.labelValues()));
    }

    private static byte[] serialize(List<Sample> samples, Function<Sample, byte[]> labelFields) {
        int n = samples.size();
        // labels[i]: the encoded Label fields of the series whose run starts at i.
        byte[][] labels = new byte[n][];
        // runEnd[i]: end (exclusive) of the run of samples of one series starting at i, set at run starts.
        int[] runEnd = new int[n];
        int[] runSize = new int[n];
        Types.Histogram[] histograms = null;
        int total = 0;
        for (int start = 0; start < n; ) {
            Sample first = samples.get(start);
            labels[start] = labelFields.apply(first);
            int size = labels[start].length;
            int end = start;
            while (end < n && (end == start || sameSeries(first, samples.get(end)))) {
                Sample sample = samples.get(end);
                if (sample.isHistogram()) {
                    if (histograms == null) {
                        histograms = new Types.Histogram[n];
                    }
                    histograms[end] = toHistogram(sample.histogram(), sample.timestampEpochMillis());
                    size += CodedOutputStream.computeMessageSize(4, histograms[end]);
                } else {
                    int sampleSize = sampleSize(sample);
                    size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(sampleSize) + sampleSize;
                }
                end++;
            }
            runEnd[start] = end;
            runSize[start] = size;
            total += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            start = end;
        }
        byte[] out = new byte[total];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            for (int start = 0; start < n; start = runEnd[start]) {
                stream.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                stream.writeUInt32NoTag(runSize[start]);
                stream.writeRawBytes(labels[start]);
                for (int i = start; i < runEnd[start]; i++) {
                    Sample sample = samples.get(i);
                    if (sample.isHistogram()) {
                        stream.writeMessage(4, histograms[i]);
                    } else {
                        stream.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                        stream.writeUInt32NoTag(sampleSize(sample));
                        // proto3 leaves out fields that hold their default, as generated code does.
                        if (Double.doubleToRawLongBits(sample.value()) != 0) {
                            stream.writeDouble(1, sample.value());
                        }
                        if (sample.timestampEpochMillis() != 0) {
                            stream.writeInt64(2, sample.timestampEpochMillis());
                        }
                    }
                }
            }
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("remote_write request larger than computed", e);
        }
        return out;
    }

    private static int sampleSize(Sample sample) {
        return (Double.doubleToRawLongBits(sample.value()) != 0 ? CodedOutputStream.computeDoubleSize(1, sample.value()) : 0)
                + (sample.timestampEpochMillis() != 0 ? CodedOutputStream.computeInt64Size(2, sample.timestampEpochMillis()) : 0);
    }

    private static int labelSize(String name, String value) {
        return (name.isEmpty() ? 0 : CodedOutputStream.computeStringSize(1, name))
                + (value.isEmpty() ? 0 : CodedOutputStream.computeStringSize(2, value));
    }

    /** The {@code Label} fields (field 1 of {@code TimeSeries}) of a sorted label set, as a request carries them. */
    static byte[] labelFields(String[] names, String[] values) {
        int size = 0;
        for (int i = 0; i < names.length; i++) {
            int label = labelSize(names[i], values[i]);
            size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(label) + label;
        }
        byte[] out = new byte[size];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        try {
            for (int i = 0; i < names.length; i++) {
                stream.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                stream.writeUInt32NoTag(labelSize(names[i], values[i]));
                if (!names[i].isEmpty()) {
                    stream.writeString(1, names[i]);
                }
                if (!values[i].isEmpty()) {
                    stream.writeString(2, values[i]);
                }
            }
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("label fields larger than computed", e);
        }
        return out;
    }

    public static WriteRequest toWriteRequest(List<Sample> samples) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        Types.TimeSeries.Builder series = null;
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous == null || !sameSeries(previous, sample)) {
                if (series != null) {
                    request.addTimeseries(series);
                }
                series = Types.TimeSeries.newBuilder();
                for (int i = 0; i < sample.labelNames().length; i++) {
                    series.addLabels(Types.Label.newBuilder().setName(sample.labelNames()[i]).setValue(sample.labelValues()[i]));
                }
            }
            if (sample.isHistogram()) {
                series.addHistograms(toHistogram(sample.histogram(), sample.timestampEpochMillis()));
            } else {
                series.addSamples(Types.Sample.newBuilder().setValue(sample.value()).setTimestamp(sample.timestampEpochMillis()));
            }
            previous = sample;
        }
        if (series != null) {
            request.addTimeseries(series);
        }
        return request.build();
    }

    public static byte[] compress(byte[] protobuf) {
        try {
            return Snappy.compress(protobuf);
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }

    private static boolean sameSeries(Sample a, Sample b) {
        return a.labelNames() == b.labelNames() && a.labelValues() == b.labelValues()
                || (a.seriesId() == b.seriesId()
                        && java.util.Arrays.equals(a.labelNames(), b.labelNames())
                        && java.util.Arrays.equals(a.labelValues(), b.labelValues()));
    }

    static Types.Histogram toHistogram(NativeHistogram h, long timestamp) {
        Types.Histogram.Builder b = Types.Histogram.newBuilder()
                .setSum(h.sum())
                .setSchema(h.schema())
                .setZeroThreshold(h.zeroThreshold())
                .setResetHintValue(h.resetHint())
                .setTimestamp(timestamp);
        if (h.floatCounts()) {
            b.setCountFloat(h.count()).setZeroCountFloat(h.zeroCount());
            for (double c : h.positiveCounts()) {
                b.addPositiveCounts(c);
            }
            for (double c : h.negativeCounts()) {
                b.addNegativeCounts(c);
            }
        } else {
            b.setCountInt((long) h.count()).setZeroCountInt((long) h.zeroCount());
            addDeltas(h.positiveCounts(), b::addPositiveDeltas);
            addDeltas(h.negativeCounts(), b::addNegativeDeltas);
        }
        for (int i = 0; i < h.positiveSpanOffsets().length; i++) {
            b.addPositiveSpans(Types.BucketSpan.newBuilder().setOffset(h.positiveSpanOffsets()[i]).setLength(h.positiveSpanLengths()[i]));
        }
        for (int i = 0; i < h.negativeSpanOffsets().length; i++) {
            b.addNegativeSpans(Types.BucketSpan.newBuilder().setOffset(h.negativeSpanOffsets()[i]).setLength(h.negativeSpanLengths()[i]));
        }
        return b.build();
    }

    private static void addDeltas(double[] counts, java.util.function.LongConsumer out) {
        long previous = 0;
        for (double c : counts) {
            long current = (long) c;
            out.accept(current - previous);
            previous = current;
        }
    }
}
