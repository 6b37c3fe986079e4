package io.strata.jobs.config;

import java.util.Objects;

/**
 * One key of Strata's YAML config: where it is, what it holds, its default and what it does.
 * {@link StrataOptions} declares every key once; the loader's unknown-key check and reads, and
 * the key tables of {@code docs/CONFIG.md} ({@link ConfigDocs}), come from that table.
 *
 * @param key the dotted path, {@code <tenant>} standing for any tenant's name
 * @param type what the value must be
 * @param defaultText the default as the docs give it
 * @param meaning what the key does, and what else constrains it
 */
public record ConfigOption(String key, Type type, String defaultText, String meaning) {

    /** What a key's value must be. */
    public enum Type {
        TEXT("text"),
        URL("URL"),
        LOCATION("path or URI"),
        PATH("file path"),
        BOOLEAN("`true` or `false`"),
        COUNT("whole number ≥ 1"),
        DURATION("duration (`500ms`, `30s`, `5m`, `1h`, `7d`)"),
        INSTANT("ISO-8601 instant"),
        CHOICE("choice"),
        LIST("list"),
        MAP("keys and values"),
        SECTION("section");

        private final String docs;

        Type(String docs) {
            this.docs = docs;
        }

        /** How {@code docs/CONFIG.md} names it. */
        public String docs() {
            return docs;
        }
    }

    public ConfigOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** The section the key is in: {@code source.kafka} for {@code source.kafka.topic}. */
    public String section() {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }
}
