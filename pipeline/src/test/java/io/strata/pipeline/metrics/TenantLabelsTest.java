package io.strata.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantLabelsTest {

    @Test
    void of_millionDistinctTenants_atMostTheCapPlusOther() {
        TenantLabels labels = new TenantLabels(TenantLabels.DEFAULT_MAX_TENANTS);
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 1_000_000; i++) {
            seen.add(labels.of("tenant-" + i));
        }

        assertThat(seen).hasSize(TenantLabels.DEFAULT_MAX_TENANTS + 1).contains(TenantLabels.OTHER, "tenant-0", "tenant-999");
        assertThat(labels.of("tenant-5")).as("a tracked tenant keeps its label").isEqualTo("tenant-5");
        assertThat(labels.of("tenant-1000")).isEqualTo(TenantLabels.OTHER);
    }

    @Test
    void new_nonPositiveCap_throws() {
        assertThatThrownBy(() -> new TenantLabels(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
