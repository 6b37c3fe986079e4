package io.strata.jobs.config;

import java.util.List;

/** Every problem found in a config file, each naming the key, the value and the fix. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(source + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
