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

/** The cold path's scheme picks the cold sinks: Flink's FileSink for file://, the S3 two-phase-commit sink for s3://. */
class StrataConfigColdSinkTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "file:///tmp/strata   | parquet: | " + Uids.COLD_ROLLUPS + " | " + Uids.COLD_REJECTED + " | " + Uids.COLD_LATE,
            "s3://strata-cold/env | parquet s3: | " + Uids.COLD_ROLLUPS_S3 + " | " + Uids.COLD_REJECTED_S3 + " | " + Uids.COLD_LATE_S3,
    })
    void build_coldPathScheme_choosesTheSinkAndItsUids(String path, String namePrefix, String rollupsUid, String rejectedUid,
            String lateUid) {
        StrataConfig config = StrataConfigLoader.parse("source:\n  kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}\n"
                + "cold:\n  path: " + path + "\n  " + (path.startsWith("s3") ? "s3: {region: us-east-1}" : "") + "\n", "strata.yaml");
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(30));

        StrataJob.build(env, config);

        List<StreamNode> writers = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getOperatorName().endsWith(": Writer")).toList();
        assertThat(writers).extracting(StreamNode::getOperatorName).containsExactlyInAnyOrder(
                namePrefix + " resolution=: Writer", namePrefix + " rejected: Writer", namePrefix + " late: Writer");
        assertThat(writers).extracting(StreamNode::getTransformationUID).containsExactlyInAnyOrder(
                rollupsUid, rejectedUid, lateUid);
    }
}
