package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;

/**
 * A series' labels as the remote_write writer needs them, worked out once per series rather than
 * once per sample: sorted, checked, and encoded as the {@code Label} fields of a
 * {@code TimeSeries}, ready to copy into every request that carries the series.
 *
 * <p>Direct-mapped by series id; an entry is used only for the very same {@link Series} (the
 * common case: samples of a series share it) or one with equal labels, so a colliding or reused
 * id never gets another series' labels. Not thread-safe: one per writer, used on its mailbox thread.
 */
final class SeriesLabelCache {

    /** Room for a writer's share of ~10,000 series and their derived series (~10 each, 1m/5m/1h). */
    static final int DEFAULT_SLOTS = 1 << 16;

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

    private final Entry[] slots;
    private final int mask;

    SeriesLabelCache() {
        this(DEFAULT_SLOTS);
    }

    /** @param slots a power of two */
    SeriesLabelCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.slots = new Entry[slots];
        this.mask = slots - 1;
    }

    /** The labels of {@code sample}'s series, sorted, checked and encoded on first sight. */
    Entry of(Sample sample) {
        long id = sample.seriesId();
        int slot = (int) (id ^ (id >>> 32)) & mask;
        Entry entry = slots[slot];
        if (entry == null || !entry.holds(sample.series())) {
            entry = entry(sample);
            slots[slot] = entry;
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
