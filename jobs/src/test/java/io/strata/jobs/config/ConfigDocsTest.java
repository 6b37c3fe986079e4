package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

    private static final Path CONFIG_MD = Path.of("..", "docs", "CONFIG.md");

    @Test
    void configMd_keyTables_areWhatStrataOptionsDeclares() throws IOException {
        String docs = Files.readString(CONFIG_MD);

        assertThat(ConfigDocs.render(docs))
                .as("docs/CONFIG.md's key tables differ from StrataOptions: run scripts/config-docs")
                .isEqualTo(docs);
    }

    @Test
    void configMd_listsEveryDeclaredKey() throws IOException {
        assertThat(ConfigDocs.listed(Files.readString(CONFIG_MD))).containsExactlyElementsOf(StrataOptions.ALL);
    }

    @Test
    void render_changedOption_rewritesItsRowOnly() {
        String stale = "intro\n<!-- keys: job -->\n| key | default |\n| `job.parallelism` | 1 |\n<!-- /keys -->\nafter\n";

        String rendered = ConfigDocs.render(stale);

        assertThat(rendered).startsWith("intro\n<!-- keys: job -->\n| key | type | default | meaning |\n|---|---|---|---|\n")
                .contains("| `job.parallelism` | whole number ≥ 1 | `2` |", "| `job.state-backend` | choice | `hashmap` |")
                .endsWith("<!-- /keys -->\nafter\n");
    }
}
