package io.strata.pipeline.record;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * The series one {@link SampleSerializer} read recently, so that the samples of a series read
 * back share one {@link Series} (and what it has worked out) and its labels are decoded once, not
 * string by string for every sample. Two-way set-associative by series id; a series that lost its
 * place is simply decoded again.
 *
 * <p>A hit needs the series id and a 64-bit hash of the whole blob (tenant and labels) to match,
 * the hash seeded at random in each JVM: a producer chooses its labels and so could make two
 * series share an id on purpose, but it cannot aim at a seed it never sees. Comparing the hash
 * rather than the bytes keeps a lookup from reading the cached series at all (with thousands of
 * series, each such read is a cache miss). Not thread-safe.
 */
final class SeriesBlobCache {

    private static final Hasher64 BLOB_HASH = Hashing.xxh3_64(new SecureRandom().nextLong());

    private final TwoWaySeriesCache<Series> cache = new TwoWaySeriesCache<>(1 << 14);
    private byte[] scratch = new byte[256];

    /** Reads a blob of {@code length} bytes of series {@code id} from {@code in}; a repeated one is not decoded again. */
    Series read(long id, int length, DataInputView in) throws IOException {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        in.readFully(scratch, 0, length);
        long hash = BLOB_HASH.hashBytesToLong(scratch, 0, length);
        Series series = cache.find(id, hash);
        if (series == null) {
            series = Series.decode(id, Arrays.copyOf(scratch, length));
            cache.put(id, hash, series);
        }
        return series;
    }
}
