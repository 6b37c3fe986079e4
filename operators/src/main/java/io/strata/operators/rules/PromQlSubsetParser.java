package io.strata.operators.rules;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parser for the PromQL subset that recording rules may use ({@link
 * #SUPPORTED_FORMS}). Token rules follow PromQL's lexer ({@code promql/parser/lex.go}): metric
 * names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names without colons, double- or single-quoted
 * strings with Go escapes, durations such as {@code 5m} or {@code 1h30m}.
 */
public final class PromQlSubsetParser {

    /** The forms this parser accepts, for error messages and the docs. */
    public static final String SUPPORTED_FORMS = String.join("\n",
            "  <agg> by (<labels>) (rate|increase(<counter>[<range>]))",
            "  <agg> by (<labels>) (min_over_time|max_over_time|sum_over_time|avg_over_time|count_over_time|last_over_time(<gauge>[<range>]))",
            "  histogram_quantile(<phi>, sum by (le, <labels>) (rate|increase(<name>_bucket[<range>])))",
            "  histogram_quantile(<phi>, sum by (<labels>) (rate|increase(<native histogram>[<range>])))",
            "where <agg> is sum, min, max, avg or count, \"by (...)\" may also follow the aggregated expression or be "
                    + "left out, and selectors may carry label matchers =, !=, =~, !~ (e.g. x{region=~\"eu.*\"}).");

    /** Raised for an expression outside the subset; the message says what was expected where. */
    public static final class UnsupportedExpressionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedExpressionException(String message) {
            super(message);
        }
    }

    private final String input;
    private int pos;

    private PromQlSubsetParser(String input) {
        this.input = input;
    }

    /**
     * Parses {@code expr}.
     *
     * @throws UnsupportedExpressionException if it is not one of {@link #SUPPORTED_FORMS}
     */
    public static RuleExpression parse(String expr) {
        PromQlSubsetParser parser = new PromQlSubsetParser(expr);
        RuleExpression result = parser.expression();
        parser.skipSpace();
        if (parser.pos < expr.length()) {
            throw parser.error("nothing may follow the expression");
        }
        return result;
    }

    /**
     * Parses a Prometheus duration ({@code model.ParseDuration}): one or more {@code <n><unit>}
     * with units y, w, d, h, m, s, ms in that order, e.g. {@code 30s}, {@code 1h30m}.
     *
     * @return the duration in milliseconds, or -1 if {@code text} is not a duration
     */
    public static long parseDuration(String text) {
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        long[] millis = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        int i = 0;
        int lastUnit = -1;
        long total = 0;
        if (text.isEmpty()) {
            return -1;
        }
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 15) {
                return -1;
            }
            long n = Long.parseLong(text.substring(start, i));
            int unit = -1;
            for (int u = units.length - 1; u >= 0; u--) {
                if (text.startsWith(units[u], i) && (unit < 0 || units[u].length() > units[unit].length())) {
                    unit = u;
                }
            }
            if (unit <= lastUnit) {
                return -1;
            }
            i += units[unit].length();
            lastUnit = unit;
            total = Math.addExact(total, Math.multiplyExact(n, millis[unit]));
        }
        return total;
    }

    private RuleExpression expression() {
        int start = skipSpace();
        String name = identifier(true);
        if (name.equals("histogram_quantile")) {
            expect('(');
            double quantile = number();
            expect(',');
            RuleExpression inner = aggregation(Double.NaN);
            expect(')');
            if (inner.aggregation() != Aggregation.SUM || !inner.function().isCounterFunction()) {
                pos = start;
                throw error("histogram_quantile needs sum by (...) (rate(...)) or sum by (...) (increase(...)) inside");
            }
            return new RuleExpression(quantile, inner.aggregation(), inner.grouping(), inner.function(),
                    inner.selector(), inner.rangeMillis());
        }
        pos = start;
        return aggregation(Double.NaN);
    }

    private RuleExpression aggregation(double quantile) {
        int start = skipSpace();
        String name = identifier(true);
        Aggregation aggregation = null;
        for (Aggregation a : Aggregation.values()) {
            if (a.keyword().equals(name)) {
                aggregation = a;
            }
        }
        if (aggregation == null) {
            pos = start;
            throw error("expected an aggregation (sum, min, max, avg or count)");
        }
        List<String> grouping = grouping();
        expect('(');
        int innerStart = skipSpace();
        String function = identifier(true);
        RangeFunction f = RangeFunction.ofKeyword(function);
        if (f == null) {
            pos = innerStart;
            throw error("expected rate, increase or a min/max/sum/avg/count/last_over_time function");
        }
        expect('(');
        SeriesSelector selector = selector();
        expect('[');
        long range = duration();
        expect(']');
        skipSpace();
        if (input.startsWith("offset", pos) || peek() == '@') {
            throw error("offset and @ modifiers are not supported");
        }
        expect(')');
        expect(')');
        if (grouping == null) {
            grouping = grouping();
        }
        return new RuleExpression(quantile, aggregation, grouping == null ? List.of() : grouping, f, selector, range);
    }

    /** {@code by (a, b)} if it comes next, else null. */
    private List<String> grouping() {
        int start = skipSpace();
        String word = identifier(false);
        if (word.equals("without")) {
            pos = start;
            throw error("without (...) is not supported: list the labels to keep with by (...)");
        }
        if (!word.equals("by")) {
            pos = start;
            return null;
        }
        expect('(');
        List<String> labels = new ArrayList<>();
        skipSpace();
        if (peek() == ')') {
            pos++;
            return labels;
        }
        while (true) {
            skipSpace();
            String label = identifier(false);
            if (label.isEmpty() || label.contains(":")) {
                throw error("expected a label name");
            }
            if (!labels.contains(label)) {
                labels.add(label);
            }
            skipSpace();
            char c = peek();
            pos++;
            if (c == ')') {
                return labels;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ')' in the by (...) list");
            }
            skipSpace();
            if (peek() == ')') {
                pos++;
                return labels;
            }
        }
    }

    private SeriesSelector selector() {
        skipSpace();
        String metric = identifier(true);
        List<LabelMatcher> matchers = new ArrayList<>();
        skipSpace();
        if (peek() == '{') {
            pos++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    break;
                }
                matchers.add(matcher());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' in the label matchers");
                }
            }
        }
        if (metric.isEmpty()) {
            LabelMatcher byName = matchers.stream()
                    .filter(m -> m.name().equals("__name__") && m.type() == LabelMatcher.Type.EQUAL)
                    .findFirst()
                    .orElseThrow(() -> error("expected a metric name (a selector needs one, by name or __name__=\"...\")"));
            metric = byName.value();
            matchers.remove(byName);
        }
        return new SeriesSelector(metric, matchers);
    }

    private LabelMatcher matcher() {
        int start = pos;
        String name = identifier(false);
        if (name.isEmpty() || name.contains(":")) {
            throw error("expected a label name");
        }
        skipSpace();
        LabelMatcher.Type type;
        if (input.startsWith("=~", pos)) {
            type = LabelMatcher.Type.REGEX;
        } else if (input.startsWith("!~", pos)) {
            type = LabelMatcher.Type.NOT_REGEX;
        } else if (input.startsWith("!=", pos)) {
            type = LabelMatcher.Type.NOT_EQUAL;
        } else if (input.startsWith("=", pos)) {
            type = LabelMatcher.Type.EQUAL;
        } else {
            throw error("expected =, !=, =~ or !~");
        }
        pos += type.symbol().length();
        skipSpace();
        String value = string();
        try {
            return LabelMatcher.of(name, type, value);
        } catch (PatternSyntaxException e) {
            pos = start;
            throw error("invalid regular expression for " + name + ": " + e.getDescription());
        }
    }

    private String string() {
        char quote = peek();
        if (quote != '"' && quote != '\'') {
            throw error("expected a quoted string");
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < input.length() && input.charAt(pos) != quote) {
            char c = input.charAt(pos++);
            if (c == '\\' && pos < input.length()) {
                char e = input.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\', '"', '\'' -> out.append(e);
                    default -> out.append('\\').append(e);
                }
            } else {
                out.append(c);
            }
        }
        if (pos >= input.length()) {
            throw error("unterminated string");
        }
        pos++;
        return out.toString();
    }

    private double number() {
        int start = skipSpace();
        while (pos < input.length() && "0123456789.eE+-".indexOf(input.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            return Double.parseDouble(input.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("expected a number (the quantile)");
        }
    }

    private long duration() {
        int start = skipSpace();
        while (pos < input.length() && Character.isLetterOrDigit(input.charAt(pos))) {
            pos++;
        }
        long millis = parseDuration(input.substring(start, pos));
        if (millis <= 0) {
            pos = start;
            throw error("expected a positive duration such as 5m or 1h30m");
        }
        return millis;
    }

    /** Reads an identifier (with colons if {@code metric}); empty if none starts here. */
    private String identifier(boolean metric) {
        skipSpace();
        int start = pos;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            boolean letter = Character.isLetter(c) && c < 128 || c == '_' || metric && c == ':';
            if (!(letter || pos > start && c >= '0' && c <= '9')) {
                break;
            }
            pos++;
        }
        return input.substring(start, pos);
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private int skipSpace() {
        while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private UnsupportedExpressionException error(String what) {
        String found = pos < input.length() ? "'" + input.substring(pos, Math.min(input.length(), pos + 20)) + "'" : "the end";
        return new UnsupportedExpressionException(what + " at column " + (pos + 1) + ", found " + found);
    }
}
