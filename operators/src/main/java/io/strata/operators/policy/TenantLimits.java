package io.strata.operators.policy;

import java.io.Serializable;

/**
 * One tenant's limits (design card, "Gateway enforcement" and "Shed order").
 *
 * @param samplesPerSecond the token bucket's rate, in samples per second of event time
 * @param maxSeries active series at most, across the tenant's shards
 * @param maxLabelNames labels per series at most, {@code __name__} included
 * @param maxLabelValueLength characters per label value at most
 * @param priority higher is more important; under overload, tenants below the protected
 *     priority are throttled in proportion to it
 */
public record TenantLimits(
        double samplesPerSecond,
        long maxSeries,
        int maxLabelNames,
        int maxLabelValueLength,
        int priority) implements Serializable {

    public static final int DEFAULT_MAX_LABEL_NAMES = 30;
    public static final int DEFAULT_MAX_LABEL_VALUE_LENGTH = 2048;

    /** The platform's {@code default} tenant: 20,000 samples/s, 2,000,000 series, priority 100. */
    public static final TenantLimits PLATFORM_DEFAULT =
            new TenantLimits(20_000, 2_000_000, DEFAULT_MAX_LABEL_NAMES, DEFAULT_MAX_LABEL_VALUE_LENGTH, 100);

    public TenantLimits {
        if (!(samplesPerSecond > 0)) {
            throw new IllegalArgumentException("samplesPerSecond must be positive, got " + samplesPerSecond);
        }
        if (maxSeries <= 0 || maxLabelNames <= 0 || maxLabelValueLength <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxSeries=" + maxSeries
                    + ", maxLabelNames=" + maxLabelNames + ", maxLabelValueLength=" + maxLabelValueLength);
        }
    }

    /** Why a label set breaks these limits, or {@code null}. */
    public RejectReason checkLabels(String[] names, String[] values) {
        if (names.length > maxLabelNames) {
            return RejectReason.TOO_MANY_LABELS;
        }
        for (String value : values) {
            if (value.length() > maxLabelValueLength) {
                return RejectReason.LABEL_VALUE_TOO_LONG;
            }
        }
        return null;
    }
}
