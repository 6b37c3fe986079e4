package io.strata.operators.policy;

/**
 * The labels of a sample the label policy never cleared, as a rejected row may keep them: only
 * identity and allowlisted labels keep their values; every other label is kept by name alone (a
 * forbidden one, or one that may hide PII under a name nobody listed).
 *
 * @param keptNames the labels that keep their values, in the sample's order
 * @param keptValues their values
 * @param redactedNames the labels kept by name alone, in the sample's order
 * @param forbidden whether one of them is forbidden (PII): then the sample keeps no value either
 */
public record RedactedLabels(String[] keptNames, String[] keptValues, String[] redactedNames, boolean forbidden) {

    /** {@code names} and {@code values} (in pairs) as {@code policy} lets a rejected row keep them. */
    public static RedactedLabels of(LabelPolicy policy, String[] names, String[] values) {
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
        return new RedactedLabels(keptNames, keptValues, redacted, forbidden);
    }
}
