package io.strata.pipeline.enforce;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;

/**
 * The keys of the keyed enforcement stages: a host is a tenant's {@code instance}; a tenant
 * shard is a tenant plus its series id modulo the shard count, so that no tenant is one hot key.
 */
public final class EnforcementKeys {

    private EnforcementKeys() {}

    /** The host of a sample: tenant and {@code instance} (empty when the series has none). */
    public static long host(Sample sample) {
        return sample.series().hostKey();
    }

    /** The tenant shard of a sample, one of {@code shards} per tenant. */
    public static long tenantShard(Sample sample, int shards) {
        return sample.series().tenantShardKey(shards);
    }

    /** Which of a tenant's shards a series belongs to. */
    public static int shard(long seriesId, int shards) {
        return Series.shardOf(seriesId, shards);
    }
}
