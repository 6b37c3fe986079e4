package io.strata.pipeline.rules;

import com.dynatrace.hash4j.hashing.Hashing;
import io.strata.pipeline.record.Sample;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a sample by its series within its tenant: the series id (a 64-bit hash of the labels)
 * mixed with a 64-bit hash of the tenant, so that two tenants sending the same label set never
 * share rule state, with the collision odds of the series id itself. Each tenant's hash is
 * computed once per instance.
 */
public final class SeriesKey implements KeySelector<Sample, Long> {

    private static final long serialVersionUID = 1L;

    private transient Map<String, Long> tenantHashes;

    @Override
    public Long getKey(Sample sample) {
        if (tenantHashes == null) {
            tenantHashes = new HashMap<>();
        }
        long tenant = tenantHashes.computeIfAbsent(sample.tenant(), t -> Hashing.xxh3_64().hashCharsToLong(t));
        return sample.seriesId() ^ tenant;
    }
}
