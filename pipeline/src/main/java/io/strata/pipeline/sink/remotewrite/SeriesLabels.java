package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.record.TwoWaySeriesCache;

/**
 * A series' labels as the remote_write writer needs them, worked out once per series rather than
 * once per sample: sorted, checked, and encoded as the {@code Label} fields of a
 * {@code TimeSeries}, ready to copy into every request that carries the series. Kept with the
 * {@link Series} itself ({@link Series#memo}), which the samples of a series share, so a sample
 * costs no lookup; the sorted series of unsorted labels keeps the same entry.
 */
final class SeriesLabels {

    private static final Object KEY = new Object();

    private SeriesLabels() {}

    /**
     * One series' labels.
     *
     * @param sorted the series with its labels sorted by name (itself if they already are)
     * @param invalid why the labels cannot be sent, or {@code null}
     * @param fields the encoded {@code Label} fields of the sorted labels; {@code null} when invalid
     */
    record Entry(Series sorted, RemoteWriteRejectReason invalid, byte[] fields) {

        /** {@code sample} with its labels sorted by name (itself if they already are). */
        Sample sorted(Sample sample) {
            return sample.series() == sorted ? sample : sample.withSeries(sorted);
        }
    }

    /** The labels of {@code sample}'s series, sorted, checked and encoded on first sight. */
    static Entry of(Sample sample) {
        return sample.series().memo(KEY, SeriesLabels::entry);
    }

    /** The encoded {@code Label} fields of a sample whose labels are valid. */
    static byte[] fields(Sample sample) {
        return of(sample).fields();
    }

    private static Entry entry(Series series) {
        Series sorted = RemoteWriteLabels.sorted(series);
        RemoteWriteRejectReason invalid = RemoteWriteLabels.validate(sorted.names(), sorted.values());
        Entry entry = new Entry(sorted, invalid,
                invalid == null ? RemoteWriteRequestEncoder.labelFields(sorted.names(), sorted.values()) : null);
        if (sorted != series) {
            sorted.memo(KEY, ignored -> entry);
        }
        return entry;
    }
}
