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

    private static final int SETS = 1 << 14;

    /** Way 0 of set {@code s} at {@code 2s}, the less recently used way 1 at {@code 2s + 1}. */
    private final Series[] ways = new Series[2 * SETS];
    private byte[] scratch = new byte[256];

    /** Reads a blob of {@code length} bytes of series {@code id} from {@code in}; a repeated one is not decoded again. */
    Series read(long id, int length, DataInputView in) throws IOException {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.readFully(scratch, 0, length);
        int first = 2 * ((int) (id ^ (id >>> 32)) & (SETS - 1));
        Series series = ways[first];
        if (holds(series, id, length)) {
            return series;
        }
        Series second = ways[first + 1];
        if (holds(second, id, length)) {
            ways[first + 1] = series;
            ways[first] = second;
            return second;
        }
        Series decoded = Series.decode(id, Arrays.copyOf(scratch, length));
        ways[first + 1] = series;
        ways[first] = decoded;
        return decoded;
    }

    private boolean holds(Series series, long id, int length) {
        if (series == null || series.id() != id) {
            return false;
        }
        byte[] blob = series.blob();
        return Arrays.equals(blob, 0, blob.length, scratch, 0, length);
    }
}
