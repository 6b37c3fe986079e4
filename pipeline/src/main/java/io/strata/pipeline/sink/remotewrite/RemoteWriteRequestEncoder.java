package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
        return compress(toWriteRequest(samples).toByteArray());
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
