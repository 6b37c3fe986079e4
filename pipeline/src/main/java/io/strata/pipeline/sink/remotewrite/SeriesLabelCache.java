package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.record.TwoWaySeriesCache;

/**
 * A series' labels as the remote_write writer needs them, worked out once per series rather than
 * once per sample: sorted, checked, and encoded as the {@code Label} fields of a
 * {@code TimeSeries}, ready to copy into every request that carries the series.
 *
 * <p>Two-way set-associative by series id ({@link TwoWaySeriesCache}); an entry is used only for
 * the very same {@link Series} (the common case: samples of a series share it) or one with equal
 * labels, so a colliding or reused id never gets another series' labels. Not thread-safe: one per writer, used on its mailbox thread.
 */
final class SeriesLabelCache {

    /** Room for a writer's share of ~10,000 series and their derived series (~10 each, 1m/5m/1h). */
    static final int DEFAULT_SETS = 1 << 15;

    /**
     * One series' labels.
     *
     * @param invalid why the labels cannot be sent, or {@code null}
     * @param fields the encoded {@code Label} fields of the sorted labels; {@code null} when invalid
     */
    record Entry(Series series, Series sorted, RemoteWriteRejectReason invalid, byte[] fields) {

        /** {@code sample} with its labels sorted by name (itself if they already are). */
        Sample sorted(Sample sample) {
            return sample.series() == sorted ? sample : sample.withSeries(sorted);
        }

        boolean holds(Series other) {
            return other == series || other == sorted || series.equals(other);
        }
    }

    private final TwoWaySeriesCache<Entry> entries;

    SeriesLabelCache() {
        this(DEFAULT_SETS);
    }

    /** @param sets a power of two */
    SeriesLabelCache(int sets) {
        this.entries = new TwoWaySeriesCache<>(sets);
    }

    /** The labels of {@code sample}'s series, sorted, checked and encoded on first sight. */
    Entry of(Sample sample) {
        Entry entry = entries.find(sample.seriesId(), sample.series(), Entry::holds);
        if (entry == null) {
            entry = entry(sample);
            entries.put(sample.seriesId(), entry);
        }
        return entry;
    }

    /** The encoded {@code Label} fields of a sample whose labels are valid. */
    byte[] fields(Sample sample) {
        return of(sample).fields();
    }

    private static Entry entry(Sample sample) {
        Series sorted = RemoteWriteLabels.sorted(sample).series();
        RemoteWriteRejectReason invalid = RemoteWriteLabels.validate(sorted.names(), sorted.values());
        return new Entry(sample.series(), sorted, invalid,
                invalid == null ? RemoteWriteRequestEncoder.labelFields(sorted.names(), sorted.values()) : null);
    }
}
