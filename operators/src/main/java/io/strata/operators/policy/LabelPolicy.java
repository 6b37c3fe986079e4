package io.strata.operators.policy;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The platform's label schema: identity labels are always kept, allowlisted labels may appear,
 * a forbidden (PII) label drops the whole sample, a summary's {@code quantile} label rejects it,
 * and any other label rejects the sample or is stripped from it, as configured.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}.
 */
public final class LabelPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Labels every series may carry whatever the allowlist says. */
    public static final List<String> IDENTITY_LABELS = List.of("__name__", "job", "instance", "le");

    /** The platform's allowlist (design card, "Bound cardinality"). */
    public static final List<String> DEFAULT_ALLOWLIST =
            List.of("region", "az", "cluster", "shard_id", "instance_type", "build_id", "queue", "asn_bucket");

    /** The platform's PII labels (design card and DESIGN.md "Label policy"). */
    public static final List<String> DEFAULT_FORBIDDEN =
            List.of("player_id", "raw_ip", "ip", "email", "request_id", "free_text");

    /** Marks a Prometheus summary's quantile series, which Strata does not roll up. */
    public static final String QUANTILE_LABEL = "quantile";

    /** What happens to a sample carrying a label that is neither identity nor allowlisted. */
    public enum UnknownLabelAction {
        /** The sample is rejected with {@link RejectReason#LABEL_NOT_ALLOWED}. */
        REJECT,
        /** The label is removed and the sample goes on as a (possibly merged) series. */
        STRIP
    }

    private final Set<String> allowed;
    private final Set<String> forbidden;
    private final UnknownLabelAction unknownLabelAction;

    private LabelPolicy(Set<String> allowed, Set<String> forbidden, UnknownLabelAction unknownLabelAction) {
        this.allowed = allowed;
        this.forbidden = forbidden;
        this.unknownLabelAction = unknownLabelAction;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The platform's defaults: its allowlist, its PII list, unknown labels rejected. */
    public static LabelPolicy platformDefault() {
        return builder().build();
    }

    /**
     * Checks a label set (parallel arrays, sorted by name) and returns why it may not pass, or
     * {@code null} if it may. With {@link UnknownLabelAction#STRIP} unknown labels are not a
     * reason: call {@link #stripUnknown} on a label set that passed.
     */
    public RejectReason check(String[] names) {
        boolean unknown = false;
        for (String name : names) {
            if (forbidden.contains(name)) {
                return RejectReason.FORBIDDEN_LABEL;
            }
            if (!allowed.contains(name)) {
                unknown = true;
            }
        }
        if (unknown) {
            for (String name : names) {
                if (QUANTILE_LABEL.equals(name)) {
                    return RejectReason.SUMMARY_NOT_SUPPORTED;
                }
            }
            return unknownLabelAction == UnknownLabelAction.REJECT ? RejectReason.LABEL_NOT_ALLOWED : null;
        }
        return null;
    }

    /** Whether {@code name} is a forbidden (PII) label whose value must never be written anywhere. */
    public boolean isForbidden(String name) {
        return forbidden.contains(name);
    }

    /** Whether any label of the set is outside identity and allowlist. */
    public boolean hasUnknown(String[] names) {
        for (String name : names) {
            if (!allowed.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The positions of the labels that survive {@link UnknownLabelAction#STRIP}: identity and
     * allowlisted labels, in their original (sorted) order.
     */
    public int[] keptPositions(String[] names) {
        int[] kept = new int[names.length];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            if (allowed.contains(names[i])) {
                kept[n++] = i;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    public UnknownLabelAction unknownLabelAction() {
        return unknownLabelAction;
    }

    /** Identity labels plus the allowlist. */
    public Set<String> allowedLabels() {
        return allowed;
    }

    public Set<String> forbiddenLabels() {
        return forbidden;
    }

    /** Builds a {@link LabelPolicy}; unset parts take the platform's defaults. */
    public static final class Builder {
        private Collection<String> allowlist = DEFAULT_ALLOWLIST;
        private Collection<String> forbidden = DEFAULT_FORBIDDEN;
        private UnknownLabelAction unknownLabelAction = UnknownLabelAction.REJECT;

        private Builder() {}

        /** Labels allowed besides the identity labels. Default: {@link #DEFAULT_ALLOWLIST}. */
        public Builder allowlist(Collection<String> allowlist) {
            this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
            return this;
        }

        /** Labels that drop a sample whole. Default: {@link #DEFAULT_FORBIDDEN}. */
        public Builder forbidden(Collection<String> forbidden) {
            this.forbidden = Objects.requireNonNull(forbidden, "forbidden");
            return this;
        }

        /** Default: {@link UnknownLabelAction#REJECT}. */
        public Builder unknownLabelAction(UnknownLabelAction action) {
            this.unknownLabelAction = Objects.requireNonNull(action, "unknownLabelAction");
            return this;
        }

        public LabelPolicy build() {
            Set<String> allowed = new LinkedHashSet<>(IDENTITY_LABELS);
            allowed.addAll(allowlist);
            for (String name : forbidden) {
                if (allowed.contains(name)) {
                    throw new IllegalArgumentException(
                            "label '" + name + "' is both forbidden and allowed: remove it from one of the two lists");
                }
            }
            return new LabelPolicy(
                    Collections.unmodifiableSet(allowed),
                    Collections.unmodifiableSet(new LinkedHashSet<>(forbidden)),
                    unknownLabelAction);
        }
    }
}
