package io.strata.operators.policy;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The platform's PII labels (docs/CONTRACT.md, "Label policy and limits"). */
    public static final List<String> DEFAULT_FORBIDDEN =
            List.of("player_id", "raw_ip", "ip", "email", "request_id", "free_text");

    /**
     * Name patterns that are PII whatever the exact spelling ({@code user_email}, {@code client_ip},
     * OpenTelemetry's {@code client.address}); {@code *} matches any run of characters and names are
     * matched after {@link #normalise normalisation}.
     */
    public static final List<String> DEFAULT_FORBIDDEN_PATTERNS = List.of("*email*", "*_ip", "*_address", "*player_id*");

    /** Marks a Prometheus summary's quantile series, which Strata does not roll up. */
    public static final String QUANTILE_LABEL = "quantile";

    /** What happens to a sample carrying a label that is neither identity nor allowlisted. */
    public enum UnknownLabelAction {
        /** The sample is rejected with {@link RejectReason#LABEL_NOT_ALLOWED}. */
        REJECT,
        /** The label is removed and the sample goes on as a (possibly merged) series. */
        STRIP
    }

    /** Label names checked per sample repeat endlessly: a verdict is computed once per name, up to this many names. */
    private static final int MAX_CACHED_VERDICTS = 65_536;

    private final Set<String> allowed;
    private final Set<String> forbidden;
    private final List<String> forbiddenPatterns;
    private final Set<String> normalisedForbidden;
    private final UnknownLabelAction unknownLabelAction;
    private transient Map<String, Boolean> forbiddenVerdicts;

    private LabelPolicy(Set<String> allowed, Set<String> forbidden, List<String> forbiddenPatterns, UnknownLabelAction unknownLabelAction) {
        this.allowed = allowed;
        this.forbidden = forbidden;
        this.forbiddenPatterns = forbiddenPatterns;
        this.unknownLabelAction = unknownLabelAction;
        Set<String> normalised = new HashSet<>();
        for (String name : forbidden) {
            normalised.add(normalise(name));
        }
        this.normalisedForbidden = Collections.unmodifiableSet(normalised);
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
            if (isForbidden(name)) {
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

    /**
     * Whether {@code name} is a forbidden (PII) label whose value must never be written anywhere:
     * a forbidden name or pattern matches it after {@link #normalise normalisation}, so
     * {@code Player_ID}, {@code player-id} and {@code user.email} are caught as well. Identity and
     * allowlisted labels are never forbidden.
     */
    public boolean isForbidden(String name) {
        if (allowed.contains(name)) {
            return false;
        }
        Map<String, Boolean> verdicts = forbiddenVerdicts;
        if (verdicts == null) {
            verdicts = new ConcurrentHashMap<>();
            forbiddenVerdicts = verdicts;
        }
        Boolean verdict = verdicts.get(name);
        if (verdict == null) {
            verdict = matchesForbidden(normalise(name));
            if (verdicts.size() < MAX_CACHED_VERDICTS) {
                verdicts.put(name, verdict);
            }
        }
        return verdict;
    }

    private boolean matchesForbidden(String normalised) {
        if (normalisedForbidden.contains(normalised)) {
            return true;
        }
        for (String pattern : forbiddenPatterns) {
            if (globMatches(pattern, normalised)) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, with {@code .} and {@code -} read as {@code _}: the spelling PII labels are compared in. */
    public static String normalise(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c == '.' || c == '-' ? '_' : Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** {@code *} matches any run of characters, everything else itself; linear in practice for the short names here. */
    static boolean globMatches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * Whether a rejected row may keep this label's value: only identity and allowlisted labels
     * keep theirs; any other label is kept by name only, since its value may be anything.
     */
    public boolean keepsValueWhenRejected(String name) {
        return allowed.contains(name);
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

    public List<String> forbiddenPatterns() {
        return forbiddenPatterns;
    }

    /** Builds a {@link LabelPolicy}; unset parts take the platform's defaults. */
    public static final class Builder {
        private Collection<String> allowlist = DEFAULT_ALLOWLIST;
        private Collection<String> forbidden = DEFAULT_FORBIDDEN;
        private Collection<String> forbiddenPatterns = DEFAULT_FORBIDDEN_PATTERNS;
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

        /**
         * Name patterns that drop a sample whole, {@code *} matching any run of characters, compared
         * with names after {@link LabelPolicy#normalise normalisation}. Default: {@link #DEFAULT_FORBIDDEN_PATTERNS}.
         */
        public Builder forbiddenPatterns(Collection<String> patterns) {
            this.forbiddenPatterns = Objects.requireNonNull(patterns, "forbiddenPatterns");
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
            List<String> patterns = new ArrayList<>();
            for (String pattern : forbiddenPatterns) {
                String normalised = normalise(pattern);
                for (String name : allowed) {
                    if (globMatches(normalised, normalise(name))) {
                        throw new IllegalArgumentException("forbidden pattern '" + pattern + "' matches the allowed label '"
                                + name + "': narrow the pattern or remove the label from the allowlist");
                    }
                }
                patterns.add(normalised);
            }
            return new LabelPolicy(
                    Collections.unmodifiableSet(allowed),
                    Collections.unmodifiableSet(new LinkedHashSet<>(forbidden)),
                    List.copyOf(patterns),
                    unknownLabelAction);
        }
    }
}
