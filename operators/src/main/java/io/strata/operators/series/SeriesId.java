package io.strata.operators.series;

import com.dynatrace.hash4j.hashing.HashStream64;
import com.dynatrace.hash4j.hashing.Hashing;

/**
 * The 64-bit identity of a series: XXH3 over its labels sorted by name, each name and value
 * length-prefixed so that no two label sets hash the same input.
 *
 * <p>Hash a label set once where it enters the pipeline and key everything by the result.
 */
public final class SeriesId {

    private SeriesId() {}

    /** The id of the label set given as parallel arrays sorted by name. */
    public static long of(String[] names, String[] values) {
        HashStream64 stream = Hashing.xxh3_64().hashStream();
        for (int i = 0; i < names.length; i++) {
            stream.putString(names[i]).putString(values[i]);
        }
        return stream.getAsLong();
    }
}
