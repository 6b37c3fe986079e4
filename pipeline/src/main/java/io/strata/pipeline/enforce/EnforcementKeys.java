package io.strata.pipeline.enforce;

import com.dynatrace.hash4j.hashing.Hashing;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Sample;
import java.util.function.ToLongFunction;
import org.apache.flink.api.java.functions.KeySelector;

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

    /** {@link #host} as a key selector that hashes each series' labels once. */
    public static KeySelector<Sample, Long> hosts() {
        return new SeriesMemoKey(EnforcementKeys::host);
    }

    /** {@link #tenantShard} as a key selector that hashes each series' tenant once. */
    public static KeySelector<Sample, Long> tenantShards(int shards) {
        return new SeriesMemoKey(sample -> tenantShard(sample, shards));
    }

    /**
     * A key computed from a sample's series, remembered per series: a keyed exchange asks for a
     * record's key twice (to route it, and to set the receiver's key), and the samples of a series
     * share their label arrays (decoded once per series), so the key is found by their identity.
     * Direct-mapped by series id; an entry is used only for the very same tenant and label arrays.
     */
    private static final class SeriesMemoKey implements KeySelector<Sample, Long> {

        private static final long serialVersionUID = 1L;
        private static final int SLOTS = 1 << 14;

        private final SerializableKeyFunction key;
        private transient Memo[] memo;

        SeriesMemoKey(SerializableKeyFunction key) {
            this.key = key;
        }

        @Override
        public Long getKey(Sample sample) {
            if (memo == null) {
                memo = new Memo[SLOTS];
            }
            long id = sample.seriesId();
            int slot = (int) (id ^ (id >>> 32)) & (SLOTS - 1);
            Memo m = memo[slot];
            if (m == null || m.names != sample.labelNames() || m.values != sample.labelValues() || !m.tenant.equals(sample.tenant())) {
                m = new Memo(sample.tenant(), sample.labelNames(), sample.labelValues(), key.applyAsLong(sample));
                memo[slot] = m;
            }
            return m.key;
        }

        private record Memo(String tenant, String[] names, String[] values, Long key) {}
    }

    private interface SerializableKeyFunction extends ToLongFunction<Sample>, java.io.Serializable {}
}
