package io.strata.operators.policy;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * Every tenant's limits: those configured for it, else the {@code default} tenant's. Immutable.
 */
public final class TenantLimitsTable implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_TENANT = "default";

    private final TenantLimits fallback;
    private final Map<String, TenantLimits> byTenant;

    private TenantLimitsTable(TenantLimits fallback, Map<String, TenantLimits> byTenant) {
        this.fallback = fallback;
        this.byTenant = byTenant;
    }

    /** @param byTenant per-tenant limits; the entry {@value #DEFAULT_TENANT}, if any, applies to every unlisted tenant */
    public static TenantLimitsTable of(Map<String, TenantLimits> byTenant) {
        Map<String, TenantLimits> copy = Map.copyOf(byTenant);
        return new TenantLimitsTable(copy.getOrDefault(DEFAULT_TENANT, TenantLimits.PLATFORM_DEFAULT), copy);
    }

    /** The platform's gateway policy (design card): {@code default} and {@code lowprio}, which keeps default's series budget. */
    public static TenantLimitsTable platformDefault() {
        TenantLimits d = TenantLimits.PLATFORM_DEFAULT;
        return of(Map.of(DEFAULT_TENANT, d,
                "lowprio", new TenantLimits(5_000, d.maxSeries(), d.maxLabelNames(), d.maxLabelValueLength(), 10)));
    }

    public TenantLimits limitsOf(String tenant) {
        return byTenant.getOrDefault(Objects.requireNonNull(tenant, "tenant"), fallback);
    }

    /** The highest configured priority: tenants at it are never throttled for overload. */
    public int highestPriority() {
        return byTenant.values().stream().mapToInt(TenantLimits::priority).max().orElse(fallback.priority());
    }

    public Map<String, TenantLimits> configured() {
        return byTenant;
    }
}
