package io.strata.pipeline.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Which tenants get a label value (and a heap entry) of their own in one subtask: the first
 * {@code maxTenants} seen, the rest share {@value #OTHER}, so tenant names that a producer sets
 * cannot grow metric groups or maps without bound. Totals stay exact: {@code __other__} counts
 * what it stands for. Not thread-safe; one per operator instance.
 */
public final class TenantLabels {

    /** Distinct tenants per subtask before {@value #OTHER}: far above the platform's tenants, far below what a heap or a Prometheus scrape would notice. */
    public static final int DEFAULT_MAX_TENANTS = 1_000;
    public static final String OTHER = "__other__";

    private final int maxTenants;
    private final Set<String> tracked = new HashSet<>();

    public TenantLabels(int maxTenants) {
        if (maxTenants <= 0) {
            throw new IllegalArgumentException("maxTenants must be positive, got " + maxTenants);
        }
        this.maxTenants = maxTenants;
    }

    /** {@code tenant} if it is tracked or there is room to track it, else {@value #OTHER}. */
    public String of(String tenant) {
        if (tracked.contains(tenant)) {
            return tenant;
        }
        if (tracked.size() < maxTenants) {
            tracked.add(tenant);
            return tenant;
        }
        return OTHER;
    }
}
