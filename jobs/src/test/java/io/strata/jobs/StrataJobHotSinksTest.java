package io.strata.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.config.StrataConfig;
import io.strata.jobs.config.StrataConfigLoader;
import io.strata.pipeline.Uids;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        // The writers keep the sinks' uids (their state is the high-water marks); the committers that
        // pass refused samples on to the rejected output get uids derived from them.
        assertThat(sinks).filteredOn(n -> n.getOperatorName().endsWith(": Writer")).extracting(StreamNode::getTransformationUID)
                .containsExactlyInAnyOrder(Uids.HOT_SINK, Uids.HOT_SINK_DERIVED);
        assertThat(sinks).filteredOn(n -> n.getOperatorName().endsWith(": Committer")).extracting(StreamNode::getTransformationUID)
                .containsExactlyInAnyOrder("Sink Committer: " + Uids.HOT_SINK, "Sink Committer: " + Uids.HOT_SINK_DERIVED);
        assertThat(sinks).hasSize(4).extracting(StreamNode::getOperatorName)
                .allSatisfy(name -> assertThat(name).containsAnyOf("remote_write: raw", "remote_write: derived"));
    }

    @Test
    void build_rawHot_releaseInStepAndWriterChainedToTenantLimits() {
        StrataConfig config = StrataConfigLoader.parse("""
                source:
                  kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                """, "strata.yaml");
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(30));

        StrataJob.build(env, config);

        // One task for limits and raw hot output: a task boundary would serialize every accepted sample again.
        assertThat(env.getStreamGraph().getJobGraph().getVertices()).extracting(v -> v.getName())
                .anySatisfy(name -> assertThat(name).startsWith("tenant limits").contains("release in step -> remote_write: raw"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"file:///tmp/strata | " + Uids.COLD_REJECTED, "s3://strata-cold/env | " + Uids.COLD_REJECTED_S3})
    void build_remoteWriteAndColdPath_writersKeepTheirUids_refusedSamplesJoinTheColdRejectedDataset(String path, String rejectedSinkUid) {
        StrataConfig config = StrataConfigLoader.parse("""
                source:
                  kafka: {bootstrap-servers: '127.0.0.1:9092', topic: frames}
                hot:
                  remote-write:
                    url: http://127.0.0.1:9090/api/v1/write
                cold:
                  path: %s
                """.formatted(path) + (path.startsWith("s3") ? "  s3: {region: us-east-1}\n" : ""), "strata.yaml");
        StreamExecutionEnvironment env = LocalJobRunner.environment(2, Duration.ofSeconds(30));

        StrataJob.build(env, config);

        var graph = env.getStreamGraph();
        Map<String, StreamNode> byUid = graph.getStreamNodes().stream()
                .collect(java.util.stream.Collectors.toMap(StreamNode::getTransformationUID, n -> n, (a, b) -> a));
        // The writers run as operators of the graph under the sinks' uids (their state is the
        // high-water marks); what they refuse flows into the one cold rejected dataset.
        for (List<String> writerAndRefused : List.of(List.of(Uids.HOT_SINK, Uids.HOT_SINK_REFUSED),
                List.of(Uids.HOT_SINK_DERIVED, Uids.HOT_SINK_DERIVED_REFUSED))) {
            assertThat(byUid).containsKeys(writerAndRefused.toArray(String[]::new));
            StreamNode merge = graph.getStreamNode(byUid.get(writerAndRefused.get(1)).getOutEdges().get(0).getTargetId());
            assertThat(merge.getOperatorName()).isEqualTo("merge rejected");
            assertThat(graph.getStreamNode(merge.getOutEdges().get(0).getTargetId()).getOperatorName()).isEqualTo("to avro: rejected");
        }
        assertThat(byUid).containsKey(rejectedSinkUid);
    }
}
