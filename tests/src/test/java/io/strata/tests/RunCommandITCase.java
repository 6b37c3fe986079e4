package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.StrataCli;
import io.strata.pipeline.record.RawFrame;
import io.strata.jobs.demo.GameTelemetryGenerator;
import io.strata.pipeline.source.KafkaFrameDeserializer;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strata run --config FILE} against a real Kafka broker and Prometheus, as the README shows. */
class RunCommandITCase {

    @TempDir
    Path work;

    @Test
    void run_boundedKafkaConfig_writesEveryTenantsRollups() throws Exception {
        String kafka = Components.kafkaBootstrap();
        String prometheus = Components.prometheusUrl();
        String topic = "strata-run-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTopics.create(kafka, topic, 2);
        // Five hosts, two minutes: host 4 belongs to tenant lowprio, the others to the default tenant.
        GameTelemetryGenerator generator = new GameTelemetryGenerator(5, 12, 1, System.currentTimeMillis() - 5 * 60_000);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (long i = 0; i < generator.frameCount(); i++) {
                RawFrame frame = generator.frame(i);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, (int) (i % 5) % 2, null, frame.payload());
                if (!frame.tenant().equals("default")) {
                    record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, frame.tenant().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
            }
        }
        Path config = work.resolve("strata.yaml");
        Files.writeString(config, String.join("\n",
                "source:",
                "  kafka:",
                "    bootstrap-servers: " + kafka,
                "    topic: " + topic,
                "    group-id: " + topic,
                "    bounded: true",
                "hot:",
                "  remote-write:",
                "    url: " + prometheus + "/api/v1/write",
                "cold:",
                "  path: " + work.resolve("cold"),
                "job:",
                "  checkpoint-interval: 1s",
                // Keyed state in RocksDB with incremental checkpoints gives the same rows as the heap.
                "  state-backend: rocksdb",
                ""));

        int exit = new CommandLine(new StrataCli()).execute("run", "--config", config.toString());

        assertThat(exit).isZero();
        List<GenericRecord> rollups = ParquetFiles.rows(work.resolve("cold/resolution=1m"));
        Map<String, Long> rowsByTenant = rollups.stream()
                .collect(Collectors.groupingBy(r -> r.get("tenant").toString(), Collectors.counting()));
        assertThat(rowsByTenant).containsOnlyKeys("default", "lowprio");
        assertThat(rowsByTenant.get("default")).isEqualTo(4 * rowsByTenant.get("lowprio"));
    }

    @Test
    void run_invalidConfig_exitsTwoNamingTheKey() throws Exception {
        Path config = work.resolve("bad.yaml");
        Files.writeString(config, "source:\n  kafka:\n    topic: t\nhot:\n  remote-write:\n    urll: http://x\n");

        int exit = new CommandLine(new StrataCli()).execute("run", "--config", config.toString());

        assertThat(exit).isEqualTo(2);
    }
}
