package io.strata.pipeline.record;

import com.dynatrace.hash4j.hashing.Hashing;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a sample by its series within its tenant: the series id (a 64-bit hash of the labels)
 * XOR a 64-bit hash of the tenant, so that two tenants sending the same label set never share
 * keyed state, with the collision odds of the series id itself. The tenant named {@value
 * #UNSALTED_TENANT} keeps the bare series id, which is how 0.1.0 keyed its rollups: its
 * savepoints restore onto the same keys. XOR is its own inverse, so {@link #seriesId} recovers
 * the series id from a key and the tenant.
 */
public final class SeriesKey implements KeySelector<Sample, Long> {

    private static final long serialVersionUID = 1L;
    public static final String UNSALTED_TENANT = "default";

    /** The key of series {@code seriesId} of {@code tenant}. */
    public static long of(String tenant, long seriesId) {
        return seriesId ^ tenantHash(tenant);
    }

    /** The series id inside a key of {@code tenant}. */
    public static long seriesId(long key, String tenant) {
        return key ^ tenantHash(tenant);
    }

    /** The same key for a series' rollups. */
    public static KeySelector<Rollup, Long> ofRollups() {
        return rollup -> of(rollup.tenant(), rollup.seriesId());
    }

    private static long tenantHash(String tenant) {
        return UNSALTED_TENANT.equals(tenant) ? 0 : Hashing.xxh3_64().hashCharsToLong(tenant);
    }

    @Override
    public Long getKey(Sample sample) {
        return sample.series().key();
    }
}
