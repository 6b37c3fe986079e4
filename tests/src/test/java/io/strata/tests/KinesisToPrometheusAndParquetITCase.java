package io.strata.tests;

import io.strata.pipeline.source.FrameSource;
import io.strata.pipeline.source.KinesisSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings.InitialPosition;
import io.strata.pipeline.source.KinesisSourceSettings.StaticCredentials;
import io.strata.pipeline.source.Sources;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KinesisStreams;
import io.strata.tests.testutils.UnboundedJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The walking skeleton end to end over a real Kinesis-compatible server (kinesis-mock), with the
 * same frames and the same expected outputs as over Kafka: a stream of {@value #SHARDS} shards,
 * host h1 on shard 0 (partition key {@code h1}: the default tenant), host h2 on shard 2 (partition
 * key {@code team-b/h2}: tenant team-b). A Kinesis stream has no end, so the job is stopped with a
 * draining savepoint once everything sent is counted, which fires the open windows as the end of a
 * bounded Kafka source does.
 */
class KinesisToPrometheusAndParquetITCase extends WalkingSkeletonScenario {

    static final int SHARDS = 4;

    private String endpoint;
    private String stream;

    @Override
    void produce(List<Frame> frames) {
        endpoint = Components.kinesisEndpoint();
        stream = "strata-" + run;
        try (KinesisStreams kinesis = new KinesisStreams(endpoint)) {
            kinesis.create(stream, SHARDS);
            for (Frame frame : frames) {
                int shard = frame.host().equals("h1") ? 0 : 2;
                String key = frame.tenant() == null ? frame.host() : frame.tenant() + "/" + frame.host();
                kinesis.put(stream, key, KinesisStreams.hashKeyInRange(shard, SHARDS), frame.payload());
            }
        }
    }

    @Override
    FrameSource source() {
        KinesisSourceSettings source = new KinesisSourceSettings(KinesisStreams.arn(stream), KinesisStreams.REGION, endpoint,
                new StaticCredentials(KinesisStreams.ACCESS_KEY_ID, KinesisStreams.SECRET_ACCESS_KEY),
                InitialPosition.TRIM_HORIZON, null, "default", true /* tenantFromPartitionKey */, Map.of());
        return Sources.kinesis(source);
    }

    @Override
    Map<String, Long> execute(StreamExecutionEnvironment env, String jobName) throws Exception {
        UnboundedJobs.Running job = UnboundedJobs.start(env, jobName);
        job.awaitCounters(WalkingSkeletonScenario::everythingAccounted, Duration.ofSeconds(60), "every frame sent is read and counted");
        return job.stop(scratch, true /* drain */);
    }
}
