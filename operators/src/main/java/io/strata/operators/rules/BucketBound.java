package io.strata.operators.rules;

import java.util.Locale;

/** Reads a classic histogram's {@code le} label value as PromQL does (Go's {@code strconv.ParseFloat}). */
public final class BucketBound {

    private BucketBound() {}

    /**
     * The bound {@code le} denotes ({@code +Inf}, {@code 0.25}, {@code 1e-1}, ...), or NaN when it
     * is not a number, in which case PromQL's {@code histogram_quantile} ignores the sample.
     */
    public static double parse(String le) {
        if (le == null || le.isEmpty() || !le.equals(le.strip())) {
            return Double.NaN;
        }
        String lower = le.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        char last = lower.charAt(lower.length() - 1);
        // Java would also read "1d", "1f" and "Infinity"-like spellings Go rejects.
        if (unsigned.equals("nan") || (last == 'd' || last == 'f') && !unsigned.startsWith("0x")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
