package io.strata.pipeline.state;

import io.strata.pipeline.record.NativeHistogram;
import java.util.Arrays;

/**
 * The samples of one series that its recording rules may still read, oldest first: float values,
 * or native histograms (then {@code values} holds zeros). Immutable: each change makes a new
 * window. Part of the savepoint contract: do not rename, move, or change field types.
 *
 * @param histograms the native histograms, or null for a float series
 */
public record RuleSeriesWindow(long[] timestamps, double[] values, NativeHistogram[] histograms) {

    public static RuleSeriesWindow empty(boolean histograms) {
        return new RuleSeriesWindow(new long[0], new double[0], histograms ? new NativeHistogram[0] : null);
    }

    public int size() {
        return timestamps.length;
    }

    public boolean isHistogram() {
        return histograms != null;
    }

    /** This window with the sample added in time order; a sample at an existing timestamp replaces it. */
    public RuleSeriesWindow with(long timestamp, double value, NativeHistogram histogram) {
        int i = Arrays.binarySearch(timestamps, timestamp);
        if (i >= 0) {
            double[] vs = values.clone();
            vs[i] = value;
            NativeHistogram[] hs = histograms == null ? null : histograms.clone();
            if (hs != null) {
                hs[i] = histogram;
            }
            return new RuleSeriesWindow(timestamps, vs, hs);
        }
        int at = -i - 1;
        int n = timestamps.length;
        long[] ts = new long[n + 1];
        double[] vs = new double[n + 1];
        System.arraycopy(timestamps, 0, ts, 0, at);
        System.arraycopy(values, 0, vs, 0, at);
        ts[at] = timestamp;
        vs[at] = value;
        System.arraycopy(timestamps, at, ts, at + 1, n - at);
        System.arraycopy(values, at, vs, at + 1, n - at);
        NativeHistogram[] hs = null;
        if (histograms != null) {
            hs = new NativeHistogram[n + 1];
            System.arraycopy(histograms, 0, hs, 0, at);
            hs[at] = histogram;
            System.arraycopy(histograms, at, hs, at + 1, n - at);
        }
        return new RuleSeriesWindow(ts, vs, hs);
    }

    /** This window without the samples before {@code oldest}. */
    public RuleSeriesWindow from(long oldest) {
        int at = lowerIndex(oldest);
        if (at == 0) {
            return this;
        }
        int n = timestamps.length;
        return new RuleSeriesWindow(Arrays.copyOfRange(timestamps, at, n), Arrays.copyOfRange(values, at, n),
                histograms == null ? null : Arrays.copyOfRange(histograms, at, n));
    }

    /** The index of the first sample at or after {@code timestamp}. */
    public int lowerIndex(long timestamp) {
        int i = Arrays.binarySearch(timestamps, timestamp);
        return i >= 0 ? i : -i - 1;
    }

    /** The index after the last sample at or before {@code timestamp}. */
    public int upperIndex(long timestamp) {
        int i = Arrays.binarySearch(timestamps, timestamp);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
