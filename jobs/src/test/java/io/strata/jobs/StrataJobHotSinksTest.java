package io.strata.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.config.StrataConfig;
import io.strata.jobs.config.StrataConfigLoader;
import io.strata.pipeline.Uids;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The job graph has one remote_write sink for raw samples and one for derived series. */
class StrataJobHotSinksTest {

    @Test
    void build_remoteWrite_rawAndDerivedSinksWithTheirUids() {
        StrataConfig config = StrataConfigLoader.parse("""
                source:
                  kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                    derived: {url: 'http://127.0.0.1:9091/api/v1/write'}
                """, "strata.yaml");
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(30));

        StrataJob.build(env, config);

        List<StreamNode> sinks = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getOperatorName().startsWith("remote_write")).toList();
        assertThat(sinks).extracting(StreamNode::getTransformationUID).containsExactlyInAnyOrder(Uids.HOT_SINK, Uids.HOT_SINK_DERIVED);
        assertThat(sinks).extracting(StreamNode::getOperatorName)
                .allSatisfy(name -> assertThat(name).containsAnyOf("remote_write: raw", "remote_write: derived"));
    }
}
