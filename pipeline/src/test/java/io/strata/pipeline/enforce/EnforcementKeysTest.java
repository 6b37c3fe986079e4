package io.strata.pipeline.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.series.MetricKind;
import io.strata.pipeline.record.Sample;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class EnforcementKeysTest {

    private static final String[] NAMES = {"__name__", "instance", "job"};

    private static Sample sample(String tenant, long seriesId, String[] values) {
        return Sample.ofFloat(tenant, seriesId, NAMES, values, MetricKind.GAUGE, 1_000, 1.0);
    }

    @Test
    void selectors_giveTheKeysOfTheirFunctions_evenForASeriesIdSharedByOtherLabels() throws Exception {
        KeySelector<Sample, Long> hosts = InstantiationUtil.clone(EnforcementKeys.hosts());
        KeySelector<Sample, Long> shards = InstantiationUtil.clone(EnforcementKeys.tenantShards(16));
        Sample first = sample("acme", 7, new String[] {"up", "gs-1:9100", "gameserver"});
        // The same series id with other labels or another tenant (a collision, or a reused id): never the remembered key.
        Sample otherHost = sample("acme", 7, new String[] {"up", "gs-2:9100", "gameserver"});
        Sample otherTenant = sample("globex", 7, first.labelValues());

        for (Sample sample : new Sample[] {first, first, otherHost, otherTenant, first}) {
            assertThat(hosts.getKey(sample)).isEqualTo(EnforcementKeys.host(sample));
            assertThat(shards.getKey(sample)).isEqualTo(EnforcementKeys.tenantShard(sample, 16));
        }
        assertThat(hosts.getKey(otherHost)).isNotEqualTo(hosts.getKey(first));
        assertThat(hosts.getKey(otherTenant)).isNotEqualTo(hosts.getKey(first));
    }
}
