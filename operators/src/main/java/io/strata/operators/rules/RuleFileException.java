package io.strata.operators.rules;

/** A rule file that cannot be used: the message names the file, the line, the rule and the fix. */
public final class RuleFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public RuleFileException(String message) {
        super(message);
    }
}
