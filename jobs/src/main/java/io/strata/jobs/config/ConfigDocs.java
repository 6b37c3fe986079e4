package io.strata.jobs.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the key tables of {@code docs/CONFIG.md} from {@link StrataOptions}: each {@code <!--
 * keys: PREFIX -->} … {@code <!-- /keys -->} block lists the options under PREFIX that no other
 * block's longer prefix claims, in the table's order. {@code scripts/config-docs} runs it;
 * {@code ConfigDocsTest} fails when the docs and the table disagree.
 */
public final class ConfigDocs {

    private static final Pattern BLOCK = Pattern.compile("<!-- keys: ([a-z0-9.-]+) -->\\n.*?<!-- /keys -->", Pattern.DOTALL);

    private ConfigDocs() {}

    /** Rewrites the key tables of the markdown file {@code args[0]} (default {@code docs/CONFIG.md}). */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "docs/CONFIG.md");
        String before = Files.readString(file, StandardCharsets.UTF_8);
        String after = render(before);
        Files.writeString(file, after, StandardCharsets.UTF_8);
        System.out.println(file + (after.equals(before) ? ": key tables already current" : ": key tables rewritten"));
    }

    /** {@code markdown} with every key block filled from {@link StrataOptions#ALL}. */
    public static String render(String markdown) {
        List<String> prefixes = prefixes(markdown);
        StringBuilder out = new StringBuilder();
        Matcher blocks = BLOCK.matcher(markdown);
        while (blocks.find()) {
            blocks.appendReplacement(out, Matcher.quoteReplacement(table(blocks.group(1), prefixes)));
        }
        blocks.appendTail(out);
        return out.toString();
    }

    /** Every option some block of {@code markdown} lists. */
    static List<ConfigOption> listed(String markdown) {
        List<String> prefixes = prefixes(markdown);
        return StrataOptions.ALL.stream().filter(o -> prefixes.contains(owner(o, prefixes))).toList();
    }

    /** The prefixes of the key blocks of {@code markdown}, in order. */
    private static List<String> prefixes(String markdown) {
        List<String> prefixes = new ArrayList<>();
        Matcher blocks = BLOCK.matcher(markdown);
        while (blocks.find()) {
            prefixes.add(blocks.group(1));
        }
        return prefixes;
    }

    private static String table(String prefix, List<String> prefixes) {
        StringBuilder table = new StringBuilder("<!-- keys: ").append(prefix).append(" -->\n")
                .append("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (ConfigOption option : StrataOptions.ALL) {
            if (prefix.equals(owner(option, prefixes))) {
                table.append("| `").append(option.key()).append("` | ").append(option.type().docs()).append(" | ")
                        .append(option.defaultText()).append(" | ").append(option.meaning()).append(" |\n");
            }
        }
        return table.append("<!-- /keys -->").toString();
    }

    /** The longest prefix of {@code prefixes} that {@code option}'s key falls under, or null. */
    private static String owner(ConfigOption option, List<String> prefixes) {
        String owner = null;
        for (String prefix : prefixes) {
            if (option.key().startsWith(prefix + ".") && (owner == null || prefix.length() > owner.length())) {
                owner = prefix;
            }
        }
        return owner;
    }
}
