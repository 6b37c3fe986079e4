package io.strata.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.config.RuleFiles;
import io.strata.jobs.config.StrataConfig;
import io.strata.operators.rules.RecordingRule;
import io.strata.pipeline.JobSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class StrataJobTest {

    /** What {@code strata submit} sends: the config and its rule files, read at the client. */
    @Test
    void configFrom_submittedConfigWithRuleFiles() throws Exception {
        String yaml = Files.readString(Path.of("../examples/strata.yaml"));
        String rules = Files.readString(Path.of("../examples/rules/gameplay.yaml"));
        StrataConfig config = StrataJob.configFrom(new String[] {
            StrataJob.CONFIG_BASE64, Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)),
            StrataJob.RULES_BASE64, RuleFiles.encode(Map.of("rules/gameplay.yaml", rules))});
        assertThat(config.rules().rules()).extracting(RecordingRule::record)
                .containsExactly(":gameplay:tick_p95", ":gameplay:ack_p99");
    }

    /** {@code strata submit} sends no parallelism to the cluster: the job sets {@code job.parallelism} itself. */
    @Test
    void configure_submittedConfig_setsJobParallelism() throws Exception {
        String yaml = "source:\n  kafka:\n    bootstrap-servers: 127.0.0.1:9092\n    topic: t\ncold:\n  path: /tmp/strata-unused\njob:\n  parallelism: 3\n";
        StrataConfig config = StrataJob.configFrom(new String[] {
            StrataJob.CONFIG_BASE64, Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8))});
        StreamExecutionEnvironment env = JobSettings.environment();

        StrataJob.configure(env, config);

        assertThat(env.getParallelism()).isEqualTo(3);
    }
}
