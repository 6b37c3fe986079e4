package io.strata.pipeline.sink.remotewrite;

/**
 * A remote_write receiver's answer made fit to log and to store in a rejected row: label values
 * masked, length capped. Prometheus and Mimir echo the refused series, e.g. {@code
 * {__name__="x", player_id="123"}}, or Mimir's {@code label: 'player_id', value: '123'}; the
 * names help a person, the values can be PII that the label policy let through.
 */
final class ReceiverMessage {

    /** Masked answers are cut to this many characters, then marked with {@value #CUT}. */
    static final int MAX_CHARS = 300;
    static final String MASK = "…";
    static final String CUT = "...";

    private static final String VALUE_KEY = "value:";

    private ReceiverMessage() {}

    /**
     * {@code text} with every quoted value after {@code =} or {@code value:} replaced by {@value
     * #MASK} (an unclosed one to the end), and cut to {@value #MAX_CHARS} characters. Reads only
     * as far as it writes, so a megabyte of echoed series costs no more than a short answer.
     */
    static String redact(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + CUT.length());
        int i = 0;
        while (i < text.length()) {
            if (out.length() >= MAX_CHARS) {
                return out.append(CUT).toString();
            }
            char c = text.charAt(i);
            int quote = quoteAfterKey(text, i);
            if (quote < 0) {
                out.append(c);
                i++;
                continue;
            }
            out.append(text, i, quote + 1).append(MASK);
            i = skipQuoted(text, quote);
        }
        return out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS) + CUT : out.toString();
    }

    /** If a value key ({@code =} or {@code value:}) starts at {@code i} and a quote follows it, the quote's index; else -1. */
    private static int quoteAfterKey(String text, int i) {
        int end;
        if (text.charAt(i) == '=') {
            end = i + 1;
        } else if (text.regionMatches(true, i, VALUE_KEY, 0, VALUE_KEY.length())) {
            end = i + VALUE_KEY.length();
        } else {
            return -1;
        }
        while (end < text.length() && text.charAt(end) == ' ') {
            end++;
        }
        return end < text.length() && (text.charAt(end) == '"' || text.charAt(end) == '\'') ? end : -1;
    }

    /** The index of the closing quote matching the one at {@code open} (backslash escapes honoured), or the text's length. */
    private static int skipQuoted(String text, int open) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i;
            } else {
                i++;
            }
        }
        return text.length();
    }
}
