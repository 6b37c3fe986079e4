package io.strata.operators.rules;

import com.google.re2j.Pattern;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a Prometheus rule-group file ({@code groups: - name, interval, rules: - record, expr,
 * labels}) into {@link RuleGroup}s. Only recording rules are supported, and only the expressions
 * of {@link PromQlSubsetParser#SUPPORTED_FORMS}; anything else fails with a {@link
 * RuleFileException} naming the file, the line, the rule and what is supported. Takes the file's
 * text, not a path: {@code operators} does no I/O.
 */
public final class RuleFileParser {

    /** Prometheus' default {@code global.evaluation_interval}, used for a group without {@code interval}. */
    public static final long DEFAULT_INTERVAL_MILLIS = 60_000;

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules");
    private static final Set<String> RULE_KEYS = Set.of("record", "expr", "labels");

    private final String file;

    private RuleFileParser(String file) {
        this.file = file;
    }

    /**
     * Parses the rule file {@code content}; {@code file} names it in error messages.
     *
     * @throws RuleFileException if the file is not valid YAML, not a rule-group file, holds an
     *     alerting rule, or a rule's expression is outside the supported subset
     */
    public static List<RuleGroup> parse(String file, String content) {
        return new RuleFileParser(file).groups(content);
    }

    private List<RuleGroup> groups(String content) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            throw fail(e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1, "is not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw fail(1, "is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw fail(1, "is empty: a rule file needs 'groups:'");
        }
        Map<String, Node> top = mapping(root, "the file");
        for (String key : top.keySet()) {
            if (!key.equals("groups")) {
                throw fail(line(top.get(key)), "has an unknown key '" + key + "' (only 'groups' is allowed at the top)");
            }
        }
        Node groupsNode = top.get("groups");
        if (groupsNode == null) {
            throw fail(line(root), "needs 'groups:' at the top");
        }
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node groupNode : sequence(groupsNode, "'groups'")) {
            RuleGroup group = group(groupNode);
            if (!names.add(group.name())) {
                throw fail(line(groupNode), "has the group name '" + group.name() + "' twice: group names must be unique");
            }
            groups.add(group);
        }
        return groups;
    }

    private RuleGroup group(Node node) {
        Map<String, Node> group = mapping(node, "a group");
        for (String key : group.keySet()) {
            if (!GROUP_KEYS.contains(key)) {
                throw fail(line(group.get(key)), "has an unknown group key '" + key + "' (allowed: name, interval, rules)");
            }
        }
        String name = scalar(group.get("name"), "a group's 'name'", node);
        long interval = DEFAULT_INTERVAL_MILLIS;
        if (group.containsKey("interval")) {
            String text = scalar(group.get("interval"), "group '" + name + "' 'interval'", node);
            interval = PromQlSubsetParser.parseDuration(text);
            if (interval <= 0) {
                throw fail(line(group.get("interval")), "group '" + name + "' has interval '" + text
                        + "': use a positive Prometheus duration such as 30s or 1m");
            }
        }
        List<RecordingRule> rules = new ArrayList<>();
        if (group.containsKey("rules")) {
            for (Node ruleNode : sequence(group.get("rules"), "group '" + name + "' 'rules'")) {
                rules.add(rule(ruleNode, name, interval));
            }
        }
        return new RuleGroup(name, interval, rules);
    }

    private RecordingRule rule(Node node, String group, long interval) {
        Map<String, Node> rule = mapping(node, "a rule of group '" + group + "'");
        if (rule.containsKey("alert")) {
            throw fail(line(node), "group '" + group + "' holds the alerting rule '" + text(rule.get("alert"))
                    + "': only recording rules ('record:') are supported; keep alerts in Prometheus/Mimir");
        }
        String record = scalar(rule.get("record"), "a rule's 'record' (group '" + group + "')", node);
        for (String key : rule.keySet()) {
            if (!RULE_KEYS.contains(key)) {
                throw fail(line(rule.get(key)), "rule '" + record + "' has an unknown key '" + key
                        + "' (allowed: record, expr, labels)");
            }
        }
        if (!METRIC_NAME.matcher(record).matches()) {
            throw fail(line(rule.get("record")), "rule '" + record + "': 'record' must be a valid metric name");
        }
        Node exprNode = rule.get("expr");
        String expr = scalar(exprNode, "rule '" + record + "' 'expr'", node);
        int line = line(exprNode);
        Map<String, String> labels = new LinkedHashMap<>();
        if (rule.containsKey("labels")) {
            Map<String, Node> labelNodes = mapping(rule.get("labels"), "rule '" + record + "' 'labels'");
            for (Map.Entry<String, Node> e : labelNodes.entrySet()) {
                if (!LABEL_NAME.matcher(e.getKey()).matches() || e.getKey().startsWith("__")) {
                    throw fail(line(e.getValue()), "rule '" + record + "' has the invalid label name '" + e.getKey() + "'");
                }
                labels.put(e.getKey(), scalar(e.getValue(), "rule '" + record + "' label '" + e.getKey() + "'", node));
            }
        }
        RuleExpression expression;
        try {
            expression = PromQlSubsetParser.parse(expr);
        } catch (PromQlSubsetParser.UnsupportedExpressionException e) {
            throw fail(line, "rule '" + record + "' (group '" + group + "'): unsupported expression `" + expr.strip()
                    + "`: " + e.getMessage() + ".\nSupported forms:\n" + PromQlSubsetParser.SUPPORTED_FORMS);
        }
        return new RecordingRule(record, expr.strip(), expression, labels, group, interval, file, line);
    }

    private Map<String, Node> mapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw fail(line(node), what + " must be a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = text(t.getKeyNode());
            if (out.put(key, t.getValueNode()) != null) {
                throw fail(line(t.getKeyNode()), what + " has the key '" + key + "' twice");
            }
        }
        return out;
    }

    private List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw fail(line(node), what + " must be a list");
        }
        return s.getValue();
    }

    private String scalar(Node node, String what, Node parent) {
        if (node == null) {
            throw fail(line(parent), "needs " + what);
        }
        if (!(node instanceof ScalarNode s) || s.getValue().isBlank()) {
            throw fail(line(node), what + " must be a non-empty string");
        }
        return s.getValue();
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private RuleFileException fail(int line, String problem) {
        return new RuleFileException("rule file " + file + ", line " + line + ": " + problem);
    }
}
