package io.strata.operators.rules;

import com.google.re2j.Pattern;
import java.io.Serializable;
import java.util.Objects;

/**
 * One PromQL label matcher. As in PromQL, a label the series does not carry matches as the empty
 * value, and regular expressions are anchored at both ends and use RE2 syntax ({@code .} matches
 * a newline, as Prometheus' {@code ^(?s:...)$}).
 *
 * <p>Patterns run on RE2/J, whose automaton matches in time linear in the value and without
 * recursion: java.util.regex backtracks recursively, so {@code (a|b)*} against a few thousand
 * characters overflowed the stack, an Error no sample handler catches.
 */
public final class LabelMatcher implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The four PromQL matcher operators. */
    public enum Type {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    private LabelMatcher(String name, Type type, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.value = Objects.requireNonNull(value, "value");
        this.pattern = type == Type.REGEX || type == Type.NOT_REGEX ? Pattern.compile("^(?s:" + value + ")$") : null;
    }

    /**
     * @throws com.google.re2j.PatternSyntaxException for a regex operator with an invalid pattern
     */
    public static LabelMatcher of(String name, Type type, String value) {
        return new LabelMatcher(name, type, value);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    /** Whether a series whose label {@code name} has {@code actual} (null if absent) matches. */
    public boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        return switch (type) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }

    @Override
    public String toString() {
        return name + type.symbol + '"' + value + '"';
    }
}
