package io.strata.pipeline.enforce;

import com.dynatrace.hash4j.hashing.Hashing;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Sample;

/**
 * The keys of the keyed enforcement stages: a host is a tenant's {@code instance}; a tenant
 * shard is a tenant plus its series id modulo the shard count, so that no tenant is one hot key.
 */
public final class EnforcementKeys {

    private EnforcementKeys() {}

    /** The host of a sample: tenant and {@code instance} (empty when the series has none). */
    public static long host(Sample sample) {
        String instance = Labels.get(sample.labelNames(), sample.labelValues(), "instance");
        return Hashing.xxh3_64().hashStream().putString(sample.tenant()).putString(instance == null ? "" : instance).getAsLong();
    }

    /** The tenant shard of a sample, one of {@code shards} per tenant. */
    public static long tenantShard(Sample sample, int shards) {
        return Hashing.xxh3_64().hashStream().putString(sample.tenant()).putInt(shard(sample.seriesId(), shards)).getAsLong();
    }

    /** Which of a tenant's shards a series belongs to. */
    public static int shard(long seriesId, int shards) {
        return (int) Math.floorMod(seriesId, (long) shards);
    }
}
