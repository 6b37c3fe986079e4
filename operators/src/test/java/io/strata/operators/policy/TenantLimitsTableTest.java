package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantLimitsTableTest {

    private static final TenantLimits SMALL_DEFAULT = new TenantLimits(1_000, 10_000, 20, 512, 50);
    private static final TenantLimits VIP = new TenantLimits(50_000, 5_000_000, 30, 2048, 200);

    @Test
    void limitsOf_unlistedTenant_fallsBackToConfiguredDefault() {
        TenantLimitsTable table = TenantLimitsTable.of(Map.of("default", SMALL_DEFAULT, "vip", VIP));

        assertThat(table.limitsOf("new-tenant")).isEqualTo(SMALL_DEFAULT);
        assertThat(table.limitsOf("vip")).isEqualTo(VIP);
    }

    @Test
    void limitsOf_noDefaultConfigured_fallsBackToPlatformDefault() {
        TenantLimitsTable table = TenantLimitsTable.of(Map.of("vip", VIP));

        assertThat(table.limitsOf("new-tenant")).isEqualTo(TenantLimits.PLATFORM_DEFAULT);
    }

    @Test
    void limitsOf_nullTenant_throws() {
        assertThatThrownBy(() -> TenantLimitsTable.platformDefault().limitsOf(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void platformDefault_default_is20000PerSecond2MillionSeriesPriority100() {
        TenantLimits d = TenantLimitsTable.platformDefault().limitsOf("default");

        assertThat(d.samplesPerSecond()).isEqualTo(20_000);
        assertThat(d.maxSeries()).isEqualTo(2_000_000);
        assertThat(d.priority()).isEqualTo(100);
        assertThat(d.maxLabelNames()).isEqualTo(30);
        assertThat(d.maxLabelValueLength()).isEqualTo(2048);
    }

    @Test
    void platformDefault_lowprio_is5000PerSecondPriority10WithDefaultSeriesBudget() {
        TenantLimits low = TenantLimitsTable.platformDefault().limitsOf("lowprio");

        assertThat(low.samplesPerSecond()).isEqualTo(5_000);
        assertThat(low.priority()).isEqualTo(10);
        assertThat(low.maxSeries()).isEqualTo(2_000_000);
        assertThat(low.maxLabelNames()).isEqualTo(30);
        assertThat(low.maxLabelValueLength()).isEqualTo(2048);
    }

    @Test
    void platformDefault_configured_isDefaultAndLowprio() {
        assertThat(TenantLimitsTable.platformDefault().configured()).containsOnlyKeys("default", "lowprio");
        assertThat(TenantLimitsTable.platformDefault().limitsOf("acme")).isEqualTo(TenantLimits.PLATFORM_DEFAULT);
    }

    @Test
    void highestPriority_platformDefault_is100() {
        assertThat(TenantLimitsTable.platformDefault().highestPriority()).isEqualTo(100);
    }

    @Test
    void highestPriority_tenantAboveDefault_isThatTenants() {
        assertThat(TenantLimitsTable.of(Map.of("default", SMALL_DEFAULT, "vip", VIP)).highestPriority()).isEqualTo(200);
    }

    @Test
    void highestPriority_nothingConfigured_isFallbackPriority() {
        assertThat(TenantLimitsTable.of(Map.of()).highestPriority()).isEqualTo(TenantLimits.PLATFORM_DEFAULT.priority());
    }

    @Test
    void of_sourceMapChangedAfterwards_tableUnchanged() {
        Map<String, TenantLimits> source = new HashMap<>(Map.of("default", SMALL_DEFAULT));
        TenantLimitsTable table = TenantLimitsTable.of(source);

        source.put("default", VIP);
        source.put("vip", VIP);

        assertThat(table.limitsOf("default")).isEqualTo(SMALL_DEFAULT);
        assertThat(table.configured()).containsOnlyKeys("default");
    }
}
