package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.operators.rules.PromQlSubsetParser;
import io.strata.operators.rules.RecordingRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrataConfigRulesTest {

    private static final String CONFIG = """
            source:
              kafka:
                bootstrap-servers: 127.0.0.1:9092
                topic: frames
            rules:
              files: [rules/r.yaml]
            hot:
              remote-write:
                url: http://127.0.0.1:9090/api/v1/write
            """;

    @Test
    void load_example_hasThePlatformRules() throws Exception {
        StrataConfig config = StrataConfigLoader.load(Path.of("../examples/strata.yaml"));
        assertThat(config.rules().rules()).extracting(RecordingRule::record)
                .containsExactly(":gameplay:tick_p95", ":gameplay:ack_p99");
        assertThat(config.pipelineSettings().rules()).isSameAs(config.rules());
        assertThat(config.ruleFiles()).containsOnlyKeys("rules/gameplay.yaml");
    }

    @Test
    void load_rulesFileRelativeToTheConfigFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/r.yaml"), """
                groups:
                - name: g
                  interval: 1m
                  rules:
                  - record: region:x:rate5m
                    expr: sum by (region) (rate(x_total[5m]))
                """);
        Files.writeString(dir.resolve("strata.yaml"), CONFIG);
        StrataConfig config = StrataConfigLoader.load(dir.resolve("strata.yaml"));
        assertThat(config.rules().rules()).singleElement().satisfies(r -> {
            assertThat(r.record()).isEqualTo("region:x:rate5m");
            assertThat(r.intervalMillis()).isEqualTo(60_000);
        });
    }

    @Test
    void load_unsupportedExpression_failsNamingFileLineRuleAndForms(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/r.yaml"), """
                groups:
                - name: g
                  rules:
                  - record: ok
                    expr: sum(rate(x_total[5m]))
                  - record: bad:irate
                    expr: sum(irate(x_total[5m]))
                """);
        Files.writeString(dir.resolve("strata.yaml"), CONFIG);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.load(dir.resolve("strata.yaml")));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("rules.files: rule file rules/r.yaml, line 7: rule 'bad:irate' (group 'g'): unsupported "
                        + "expression `sum(irate(x_total[5m]))`: expected rate, increase or a min/max/sum/avg/count/last_over_time "
                        + "function at column 5, found 'irate(x_total[5m]))'")
                .endsWith(PromQlSubsetParser.SUPPORTED_FORMS);
    }

    @Test
    void load_missingRulesFile_saysWhereItLooked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("strata.yaml"), CONFIG);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> StrataConfigLoader.load(dir.resolve("strata.yaml")));
        assertThat(e.problems()).containsExactly("rules.files: rule file 'rules/r.yaml' not found (looked for "
                + dir.resolve("rules/r.yaml") + "; a relative path is read from the config file's folder)");
    }

    @Test
    void parse_rulesWithoutHotOutput_saysWhereResultsWouldGo() {
        String rules = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: max(max_over_time(t[1m]))\n";
        String coldOnly = CONFIG.replace("hot:\n  remote-write:\n    url: http://127.0.0.1:9090/api/v1/write\n",
                "cold:\n  path: file:///tmp/strata\n");
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StrataConfigLoader.parse(coldOnly, "c.yaml", RuleFiles.shipped(Map.of("rules/r.yaml", rules))));
        assertThat(e.problems()).containsExactly("rules.files: recording rules write their results to the hot output; "
                + "configure hot.remote-write.url or remove rules.files");
    }

    @Test
    void parse_shippedRuleFiles_noDiskNeeded() {
        String rules = "groups:\n- name: g\n  rules:\n  - record: r\n    expr: max(max_over_time(t[1m]))\n";
        RuleFiles shipped = RuleFiles.shipped(RuleFiles.decode(RuleFiles.encode(Map.of("rules/r.yaml", rules))));
        StrataConfig config = StrataConfigLoader.parse(CONFIG, "the submitted config", shipped);
        assertThat(config.rules().rules()).extracting(RecordingRule::record).containsExactly("r");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> StrataConfigLoader.parse(CONFIG, "the submitted config", RuleFiles.shipped(Map.of())));
        assertThat(e.problems()).singleElement().asString().contains("rule file 'rules/r.yaml' not found");
    }
}
