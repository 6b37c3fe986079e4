package io.strata.pipeline.record;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;

/**
 * Makes the rejected rows of samples whose labels were never cleared by the label policy: only
 * identity and allowlisted labels keep their values, every other label is kept by name alone (a
 * forbidden one, or one that may hide PII under a name nobody listed), and a series carrying a
 * forbidden label keeps no sample value either.
 */
public final class Redaction {

    private Redaction() {}

    /** The rejection of {@code samples} samples of one series, claimed between {@code first} and {@code last}. */
    public static Rejected rejection(
            LabelPolicy policy, String tenant, RejectReason reason, String detail, String[] names, String[] values,
            long first, long last, double value, long samples, Arrival arrival) {
        int kept = 0;
        boolean forbidden = false;
        for (String name : names) {
            if (policy.keepsValueWhenRejected(name)) {
                kept++;
            } else if (policy.isForbidden(name)) {
                forbidden = true;
            }
        }
        String[] keptNames = new String[kept];
        String[] keptValues = new String[kept];
        String[] redacted = new String[names.length - kept];
        for (int i = 0, k = 0, r = 0; i < names.length; i++) {
            if (policy.keepsValueWhenRejected(names[i])) {
                keptNames[k] = names[i];
                keptValues[k++] = values[i];
            } else {
                redacted[r++] = names[i];
            }
        }
        return new Rejected(tenant, reason, detail, keptNames, keptValues, redacted, first, last,
                forbidden ? Double.NaN : value, samples, 0, arrival.origin(), arrival.observedAtEpochMillis(),
                arrival.brokerTimestampEpochMillis());
    }

    /** The rejection of one sample that reached the label policy (it carries its arrival). */
    public static Rejected rejection(LabelPolicy policy, Sample sample, RejectReason reason, String detail) {
        return rejection(policy, sample.tenant(), reason, detail, sample.labelNames(), sample.labelValues(),
                sample.timestampEpochMillis(), sample.timestampEpochMillis(), sample.value(), 1,
                new Arrival(null, Rejected.NO_TIMESTAMP, sample.arrivalEpochMillis()));
    }
}
