package io.strata.jobs.loadgen;

import io.strata.pipeline.source.KafkaFrameDeserializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes remote_write frames to a Kafka topic the way Strata's source reads them (the tenant,
 * unless {@code default}, in the {@code X-Scope-OrgID} header) and proves they all arrived:
 * {@link #finish} fails on any failed send, or if the topic did not gain exactly the frames sent,
 * so that a run over a short input is never mistaken for a pipeline that lost data.
 *
 * <p>The producer is idempotent with {@code acks=all} and no compression (frames are snappy
 * already). The topic is created with the given partitions if it does not exist.
 */
public final class KafkaFrameWriter implements AutoCloseable {

    private static final String DEFAULT_TENANT = "default";
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final long recordsBefore;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private long sent;

    private KafkaFrameWriter(String bootstrapServers, String topic, int partitions, long recordsBefore) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.recordsBefore = recordsBefore;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));
    }

    /**
     * Opens a writer to {@code topic}, creating it with {@code partitions} partitions if it does
     * not exist and waiting until every partition has a leader (the first batches sent to a
     * partition without one can fail, and an input must not start with a gap).
     */
    public static KafkaFrameWriter open(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            TopicDescription description = awaitLeaders(admin, topic);
            return new KafkaFrameWriter(bootstrapServers, topic, description.partitions().size(), recordsIn(admin, description));
        }
    }

    /** The topic's partitions (those it already had, if it existed). */
    public int partitions() {
        return partitions;
    }

    /** Sends one frame to {@code partition}, keyed by {@code key}; failures surface in {@link #finish}. */
    public void send(int partition, String key, String tenant, byte[] payload) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), payload);
        if (!tenant.equals(DEFAULT_TENANT)) {
            record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        });
        sent++;
    }

    /** Frames sent so far. */
    public long sent() {
        return sent;
    }

    /** Flushes, then checks that every frame sent arrived; returns the frames sent. */
    public long finish() throws Exception {
        producer.flush();
        if (firstFailure.get() != null) {
            throw new IOException(failures.get() + " of " + sent + " frames could not be written to " + topic, firstFailure.get());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            long written = recordsIn(admin, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)) - recordsBefore;
            if (written != sent) {
                throw new IOException(topic + " gained " + written + " records, not the " + sent + " frames sent");
            }
        }
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }

    private static TopicDescription awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (true) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return description;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("partitions of " + topic + " have no leader after " + LEADER_TIMEOUT.toSeconds() + " s: " + description);
            }
            Thread.sleep(100);
        }
    }

    /** Records in the topic: the sum of its partitions' end offsets (a load topic is never compacted or trimmed meanwhile). */
    private static long recordsIn(Admin admin, TopicDescription description) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(description.name(), p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }
}
