package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.StrataCli;
import io.strata.jobs.loadgen.LoadShape;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.source.KafkaFrameDeserializer;
import io.strata.tests.testutils.Components;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code strata loadgen} against a real Kafka broker: every frame arrives, keyed and partitioned by agent, decodable. */
class LoadgenITCase {

    private static final RemoteWriteDecoder DECODER = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault());

    @Test
    void loadgen_backlog_writesEveryScrapeOfEveryAgentInOrder() throws Exception {
        String kafka = Components.kafkaBootstrap();
        String topic = "strata-loadgen-" + UUID.randomUUID().toString().substring(0, 8);

        int exit = new CommandLine(new StrataCli()).execute("loadgen", "--bootstrap-servers", kafka, "--topic", topic,
                "--partitions", "2", "--hosts", "24", "--tenants", "2", "--samples-per-frame", "1000", "--backlog", "2m");

        assertThat(exit).isZero();
        LoadShape shape = LoadShape.builder().hosts(24).tenants(2).build();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, topic, 2);
        long samples = 0;
        Map<String, Long> lastTimestampByAgent = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String agent = new String(record.key(), StandardCharsets.UTF_8);
            int index = Integer.parseInt(agent.substring("agent-".length()));
            assertThat(record.partition()).isEqualTo(index % 2);
            Header tenantHeader = record.headers().lastHeader(KafkaFrameDeserializer.TENANT_HEADER);
            String tenant = "tenant-" + index % 2;
            assertThat(tenantHeader).isNotNull();
            assertThat(new String(tenantHeader.value(), StandardCharsets.UTF_8)).isEqualTo(tenant);
            List<SourceRecord> decoded = DECODER.decodeAll(record.value(), tenant, "it", System.currentTimeMillis());
            assertThat(decoded).hasSizeBetween(1, 1000).allSatisfy(r -> assertThat(r.sample()).isNotNull());
            long ts = decoded.get(0).sample().timestampEpochMillis();
            // Each agent's frames are in scrape order on its partition.
            assertThat(ts).isGreaterThanOrEqualTo(lastTimestampByAgent.getOrDefault(agent, Long.MIN_VALUE));
            lastTimestampByAgent.put(agent, ts);
            samples += decoded.size();
        }
        assertThat(lastTimestampByAgent).hasSize(3);
        // 2 minutes of 10 s scrapes.
        assertThat(samples).isEqualTo(12 * shape.samplesPerScrape());
    }

    @Test
    void loadgen_live_stampsScrapesWhenTheyAreSent() throws Exception {
        String kafka = Components.kafkaBootstrap();
        String topic = "strata-loadgen-live-" + UUID.randomUUID().toString().substring(0, 8);
        long started = System.currentTimeMillis();

        int exit = new CommandLine(new StrataCli()).execute("loadgen", "--bootstrap-servers", kafka, "--topic", topic,
                "--partitions", "1", "--rate", "200", "--series-per-host", "100", "--scrape-interval", "1s", "--duration", "3s");

        assertThat(exit).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(kafka, topic, 1);
        // 200 samples/s of 100 series scraped every second: 2 hosts (no bad one), one agent, three scrapes.
        assertThat(records).hasSize(3);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(record.headers().lastHeader(KafkaFrameDeserializer.TENANT_HEADER)).as("the default tenant has no header").isNull();
            SourceRecord first = DECODER.decodeAll(record.value(), "default", "it", System.currentTimeMillis()).get(0);
            // Written when scraped: the broker's append time is within a second of the sample's.
            assertThat(first.sample().timestampEpochMillis()).isGreaterThanOrEqualTo(started)
                    .isCloseTo(record.timestamp(), org.assertj.core.data.Offset.offset(1_000L));
        }
    }

    @Test
    void loadgen_impossibleShape_exitsTwo() {
        int exit = new CommandLine(new StrataCli()).execute("loadgen", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t",
                "--counter-share", "0.9", "--classic-histogram-share", "0.5", "--backlog", "1m");

        assertThat(exit).isEqualTo(2);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String kafka, String topic, int partitions) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", kafka,
                "key.deserializer", ByteArrayDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class,
                "max.partition.fetch.bytes", 8 << 20))) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < total && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertThat(records).as("records read back from " + topic).hasSize((int) total);
        }
        return records;
    }
}
