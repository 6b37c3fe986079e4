package io.strata.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.jobs.config.ConfigOption.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of a YAML tree by dotted key, collecting every problem instead of
 * stopping at the first, so that a user fixes a config file in one pass. Only keys declared in
 * {@link StrataOptions} are read, and a key not declared there is reported as unknown.
 */
final class ConfigReader {

    private final List<String> problems = new ArrayList<>();
    /** The defaults taken for absent keys, by declared key: what the docs' defaults are checked against. */
    private final Map<String, Object> defaultsTaken = new LinkedHashMap<>();

    List<String> problems() {
        return problems;
    }

    Map<String, Object> defaultsTaken() {
        return defaultsTaken;
    }

    private <T> T absent(String path, String name, T defaultValue) {
        if (defaultValue != null) {
            defaultsTaken.put(StrataOptions.canonical(join(path, name)), defaultValue);
        }
        return defaultValue;
    }

    void problem(String key, String message) {
        problems.add(key + ": " + message);
    }

    /** Reports the keys of {@code node} that {@link StrataOptions} does not declare under {@code path}. */
    void rejectUnknownKeys(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            return;
        }
        Set<String> known = keysUnder(path);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !known.contains(StrataOptions.TENANT)) {
                problem(join(path, name), "unknown key; the keys here are " + known);
            }
        }
    }

    /** The names declared right under {@code path}, in the table's order. */
    static Set<String> keysUnder(String path) {
        String prefix = path.isEmpty() ? "" : StrataOptions.canonical(path) + ".";
        Set<String> names = new LinkedHashSet<>();
        for (ConfigOption option : StrataOptions.ALL) {
            if (option.key().startsWith(prefix)) {
                String rest = option.key().substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return names;
    }

    JsonNode section(JsonNode parent, String path, String name) {
        declared(path, name, Type.SECTION);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node != null && !node.isNull() && !node.isObject()) {
            problem(join(path, name), "expected a section of keys, got '" + node.asText() + "'");
            return null;
        }
        return node == null || node.isNull() ? null : node;
    }

    String string(JsonNode parent, String path, String name, String defaultValue, boolean required) {
        declared(path, name, Type.TEXT, Type.URL, Type.LOCATION, Type.PATH, Type.INSTANT, Type.CHOICE);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problem(join(path, name), "required; add it to the config file");
            }
            return absent(path, name, defaultValue);
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problem(join(path, name), "expected a non-empty text, got '" + node + "'");
            return defaultValue;
        }
        return node.asText();
    }

    boolean bool(JsonNode parent, String path, String name, boolean defaultValue) {
        declared(path, name, Type.BOOLEAN);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return absent(path, name, defaultValue);
        }
        if (!node.isBoolean()) {
            problem(join(path, name), "expected true or false, got '" + node.asText() + "'");
            return defaultValue;
        }
        return node.asBoolean();
    }

    int positiveInt(JsonNode parent, String path, String name, int defaultValue) {
        declared(path, name, Type.COUNT);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return absent(path, name, defaultValue);
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() <= 0) {
            problem(join(path, name), "expected a positive whole number, got '" + node.asText() + "'");
            return defaultValue;
        }
        return node.asInt();
    }

    Duration duration(JsonNode parent, String path, String name, Duration defaultValue) {
        declared(path, name, Type.DURATION);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return absent(path, name, defaultValue);
        }
        Duration duration = DurationText.parse(node.asText());
        if (duration == null) {
            problem(join(path, name), "expected " + DurationText.EXPECTED + ", got '" + node.asText() + "'");
            return defaultValue;
        }
        return duration;
    }

    List<String> stringList(JsonNode parent, String path, String name, List<String> defaultValue) {
        declared(path, name, Type.LIST);
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return absent(path, name, defaultValue);
        }
        if (!node.isArray()) {
            problem(join(path, name), "expected a list such as [region, az], got '" + node.asText() + "'");
            return defaultValue;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            values.add(item.asText());
        }
        return values;
    }

    Map<String, String> stringMap(JsonNode parent, String path, String name) {
        declared(path, name, Type.MAP);
        JsonNode node = parent == null ? null : parent.get(name);
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            problem(join(path, name), "expected keys and values, got '" + node.asText() + "'");
            return values;
        }
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    <E extends Enum<E>> E choice(JsonNode parent, String path, String name, Class<E> type, E defaultValue) {
        String text = string(parent, path, name, null, false);
        if (text == null) {
            return absent(path, name, defaultValue);
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.replace('-', '_'))) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problem(join(path, name), "expected one of " + allowed + ", got '" + text + "'");
        return defaultValue;
    }

    /**
     * Fails on reading a key {@link StrataOptions} does not declare, or declares with another
     * type: a programming error, caught by the config tests.
     */
    private static void declared(String path, String name, Type... readAs) {
        String key = join(path, name);
        ConfigOption option = StrataOptions.find(key);
        if (option == null) {
            if (Arrays.asList(readAs).contains(Type.SECTION) && !keysUnder(key).isEmpty()) {
                return;
            }
            throw new IllegalStateException("config key " + key + " is read but not declared in StrataOptions");
        }
        if (!Arrays.asList(readAs).contains(option.type())) {
            throw new IllegalStateException("config key " + key + " is read as " + Arrays.toString(readAs)
                    + " but StrataOptions declares it " + option.type());
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
