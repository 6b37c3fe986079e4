package io.strata.pipeline.record;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RedactedLabels;
import io.strata.operators.policy.RejectReason;

/**
 * Makes the rejected rows of samples whose labels were never cleared by the label policy, their
 * labels redacted as {@link RedactedLabels} says; a series carrying a forbidden label keeps no
 * sample value either.
 */
public final class Redaction {

    private Redaction() {}

    /** The rejection of {@code samples} samples of one series, claimed between {@code first} and {@code last}. */
    public static Rejected rejection(
            LabelPolicy policy, String tenant, RejectReason reason, String detail, String[] names, String[] values,
            long first, long last, double value, long samples, Arrival arrival) {
        RedactedLabels labels = RedactedLabels.of(policy, names, values);
        return new Rejected(tenant, reason, detail, labels.keptNames(), labels.keptValues(), labels.redactedNames(), first, last,
                labels.forbidden() ? Double.NaN : value, samples, 0, arrival.origin(), arrival.observedAtEpochMillis(),
                arrival.brokerTimestampEpochMillis());
    }

    /** The rejection of one sample that reached the label policy (it carries its arrival). */
    public static Rejected rejection(LabelPolicy policy, Sample sample, RejectReason reason, String detail) {
        return rejection(policy, sample.tenant(), reason, detail, sample.labelNames(), sample.labelValues(),
                sample.timestampEpochMillis(), sample.timestampEpochMillis(), sample.value(), 1,
                new Arrival(null, Rejected.NO_TIMESTAMP, sample.arrivalEpochMillis()));
    }
}
