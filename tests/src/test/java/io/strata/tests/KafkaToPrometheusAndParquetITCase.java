package io.strata.tests;

import io.strata.jobs.LocalJobRunner;
import io.strata.pipeline.source.FrameSource;
import io.strata.pipeline.source.KafkaFrameDeserializer;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.Sources;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The walking skeleton end to end over a real Kafka broker: host h1 on partition 0 (default
 * tenant), host h2 on partition 1 (tenant team-b from the {@code X-Scope-OrgID} header); the job
 * reads the topic up to its latest offsets at start and ends by itself.
 */
class KafkaToPrometheusAndParquetITCase extends WalkingSkeletonScenario {

    private String kafka;
    private String topic;

    @Override
    void produce(List<Frame> frames) throws Exception {
        kafka = Components.kafkaBootstrap();
        topic = "strata-" + run;
        KafkaTopics.create(kafka, topic, 2);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (Frame frame : frames) {
                int partition = frame.host().equals("h1") ? 0 : 1;
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
                        frame.host().getBytes(StandardCharsets.UTF_8), frame.payload());
                if (frame.tenant() != null) {
                    record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, frame.tenant().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    @Override
    FrameSource source() {
        return Sources.kafka(new KafkaSourceSettings(kafka, topic, "it-" + run, true, true, "default", new Properties()));
    }

    @Override
    Map<String, Long> execute(StreamExecutionEnvironment env, String jobName) throws Exception {
        return LocalJobRunner.run(env, jobName, System.out);
    }
}
