package io.strata.pipeline.enforce;

import io.strata.operators.policy.TenantLimitsTable;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits the keyed enforcement stages apply.
 *
 * @param maxSeriesPerHost active series per host (tenant + {@code instance}) at most
 * @param seriesTtl a series stays active this long after its last sample, in event time
 * @param tenantShards how many keys each tenant's series budget and rate are split across
 * @param rateInterval the event-time interval a tenant's {@code samples_rate_limit} is counted over
 * @param overloadEnabled whether low-priority tenants are shed under overload
 * @param overloadFreshnessThreshold freshness (processing time − sample time) above which the pipeline may be overloaded
 * @param overloadSustain how long freshness must stay above the threshold, without shrinking, to be overload
 */
public record EnforcementSettings(
        TenantLimitsTable tenants,
        int maxSeriesPerHost,
        Duration seriesTtl,
        int tenantShards,
        Duration rateInterval,
        boolean overloadEnabled,
        Duration overloadFreshnessThreshold,
        Duration overloadSustain) implements Serializable {

    /** The platform's per-host exporter budget (design card, "Don't flood it"). */
    public static final int DEFAULT_MAX_SERIES_PER_HOST = 300;
    public static final Duration DEFAULT_SERIES_TTL = Duration.ofMinutes(15);
    public static final int DEFAULT_TENANT_SHARDS = 16;
    /** The platform agents' send interval (design card: batch timeout 5 s, scrape 10 s): a whole scrape fits in one interval. */
    public static final Duration DEFAULT_RATE_INTERVAL = Duration.ofSeconds(10);
    /** The platform's freshness SLO (design card, "overload.freshness_threshold_p99"). */
    public static final Duration DEFAULT_OVERLOAD_FRESHNESS_THRESHOLD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OVERLOAD_SUSTAIN = Duration.ofSeconds(30);

    public EnforcementSettings {
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(rateInterval, "rateInterval");
        if (maxSeriesPerHost <= 0 || tenantShards <= 0) {
            throw new IllegalArgumentException("maxSeriesPerHost and tenantShards must be positive");
        }
    }

    /** The platform's defaults for every tenant. */
    public static EnforcementSettings platformDefault() {
        return withTenants(TenantLimitsTable.platformDefault());
    }

    public static EnforcementSettings withTenants(TenantLimitsTable tenants) {
        return new EnforcementSettings(tenants, DEFAULT_MAX_SERIES_PER_HOST, DEFAULT_SERIES_TTL, DEFAULT_TENANT_SHARDS,
                DEFAULT_RATE_INTERVAL, true, DEFAULT_OVERLOAD_FRESHNESS_THRESHOLD, DEFAULT_OVERLOAD_SUSTAIN);
    }
}
