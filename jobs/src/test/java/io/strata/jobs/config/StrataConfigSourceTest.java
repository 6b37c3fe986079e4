package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.LocalJobRunner;
import io.strata.jobs.StrataJob;
import io.strata.pipeline.Uids;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code strata run} builds the whole graph on the source its config names, with the job's real
 * settings (uids required): built here without running it.
 */
class StrataConfigSourceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "kafka   | kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}                        | Source: kafka: frames     | " + Uids.KAFKA_SOURCE,
            "kinesis | kinesis: {stream-arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/frames'} | Source: kinesis: frames   | " + Uids.KINESIS_SOURCE,
    })
    void source_configuredStream_isTheGraphsOnlySource(String kind, String section, String sourceName, String uid) {
        StrataConfig config = StrataConfigLoader.parse("source:\n  " + section + "\ncold:\n  path: file:///tmp/strata\n", "strata.yaml");
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(30));

        StrataJob.build(env, config);

        List<StreamNode> sources = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getOperatorName().startsWith("Source:")).toList();
        assertThat(sources).singleElement().satisfies(n -> {
            assertThat(n.getOperatorName()).isEqualTo(sourceName);
            assertThat(n.getTransformationUID()).isEqualTo(uid);
        });
    }
}
