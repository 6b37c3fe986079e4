package io.strata.pipeline.record;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * The series one {@link SampleSerializer} read recently, so that the samples of a series read
 * back share one {@link Series} (and what it has worked out) and its labels are decoded once, not
 * string by string for every sample. Two-way set-associative by series id; a series that lost its
 * place is simply decoded again. A hit needs the blob on the wire to equal the cached one byte for
 * byte, so a series id shared by two label sets never mixes them up. Not thread-safe.
 */
final class SeriesBlobCache {

    private final TwoWaySeriesCache<Series> cache = new TwoWaySeriesCache<>(1 << 14);
    private byte[] scratch = new byte[256];
    private int length;
    private long id;

    /** Reads a blob of {@code length} bytes of series {@code id} from {@code in}; a repeated one is not decoded again. */
    Series read(long id, int length, DataInputView in) throws IOException {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.readFully(scratch, 0, length);
        this.length = length;
        this.id = id;
        Series series = cache.find(id, this, SeriesBlobCache::holds);
        if (series == null) {
            series = Series.decode(id, Arrays.copyOf(scratch, length));
            cache.put(id, series);
        }
        return series;
    }

    /** Whether {@code series} is the one whose blob was just read. */
    private static boolean holds(Series series, SeriesBlobCache read) {
        byte[] blob = series.blob();
        return series.id() == read.id && Arrays.equals(blob, 0, blob.length, read.scratch, 0, read.length);
    }
}
