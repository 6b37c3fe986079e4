package io.strata.pipeline.decode;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Labels;

/** Checks a remote_write label set against the Prometheus data model before anything else reads it. */
final class LabelValidation {

    private LabelValidation() {}

    /** Why the label set is malformed, or {@code null} if it is well formed. */
    static RejectReason validate(String[] names, String[] values) {
        boolean hasName = false;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isEmpty()) {
                return RejectReason.EMPTY_LABEL_NAME;
            }
            if (i > 0) {
                int order = name.compareTo(names[i - 1]);
                if (order == 0) {
                    return RejectReason.DUPLICATE_LABEL_NAME;
                }
                if (order < 0) {
                    return RejectReason.UNSORTED_LABELS;
                }
            }
            if (!isValidLabelName(name)) {
                return RejectReason.INVALID_LABEL_NAME;
            }
            if (name.equals(Labels.METRIC_NAME)) {
                hasName = !values[i].isEmpty();
            }
        }
        return hasName ? null : RejectReason.MISSING_METRIC_NAME;
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, the Prometheus 2.x label name rule. */
    static boolean isValidLabelName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    static String describe(RejectReason reason, String[] names) {
        return reason.label() + " in label names " + String.join(",", names);
    }
}
