package io.strata.bench;

import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.source.GameTelemetryGenerator;
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
import java.util.stream.IntStream;
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
 * A backlog of game telemetry waiting in Kafka, as a replay, a backfill or a job restarted after
 * an outage finds it: {@link GameTelemetryGenerator}'s hosts, one frame per host per 10 s scrape,
 * keyed by host onto the topic's partitions, every partition in time order.
 *
 * <p>{@code java -cp ... io.strata.bench.KafkaBacklog BOOTSTRAP TOPIC PARTITIONS HOSTS MINUTES [END_EPOCH_MILLIS]}
 * creates the topic and writes the frames of the {@code MINUTES} before {@code END_EPOCH_MILLIS}
 * (default: the last whole minute); it prints the first and last sample times and the frame count.
 */
public final class KafkaBacklog {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private final GameTelemetryGenerator generator;
    private final int hosts;
    private final int partitions;

    /**
     * @param hosts hosts of {@link GameTelemetryGenerator}, host {@code h} on partition {@code h % partitions}
     * @param endEpochMillis the end of the backlog's event time (exclusive), rounded down to a scrape
     */
    public KafkaBacklog(int hosts, int minutes, int partitions, long endEpochMillis) {
        if (minutes <= 0 || partitions <= 0) {
            throw new IllegalArgumentException("minutes and partitions must be positive, got " + minutes + ", " + partitions);
        }
        int ticks = (int) (minutes * 60_000L / GameTelemetryGenerator.TICK_MILLIS);
        this.generator = new GameTelemetryGenerator(hosts, ticks, 1, endEpochMillis - ticks * GameTelemetryGenerator.TICK_MILLIS);
        this.hosts = hosts;
        this.partitions = partitions;
    }

    public long startEpochMillis() {
        return generator.startEpochMillis();
    }

    public long endEpochMillis() {
        return generator.endEpochMillis();
    }

    public long frameCount() {
        return generator.frameCount();
    }

    public int hosts() {
        return hosts;
    }

    /**
     * When host {@code host} took the scrapes that reach Kafka intact, in order: every scrape of
     * the backlog but those whose frame the generator corrupts on the wire (frame index
     * {@code tick × hosts + host}, one in {@link GameTelemetryGenerator#CORRUPT_FRAME_EVERY}).
     */
    public long[] intactScrapeEpochMillis(int host) {
        int ticks = (int) (generator.frameCount() / hosts);
        return IntStream.range(0, ticks)
                .filter(tick -> ((long) tick * hosts + host) % GameTelemetryGenerator.CORRUPT_FRAME_EVERY
                        != GameTelemetryGenerator.CORRUPT_FRAME_EVERY - 1)
                .mapToLong(tick -> generator.samples(host, tick).get(0).timestampEpochMillis())
                .toArray();
    }

    /**
     * Creates {@code topic} (if it does not exist) and writes every frame to it; returns the frames
     * written. Fails if any send failed or the topic's partitions do not then hold every frame, so
     * that a run over a short backlog is never mistaken for a pipeline that lost data.
     */
    public long writeTo(String bootstrapServers, String topic) throws Exception {
        long before;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, topic);
            before = recordsIn(admin, topic);
        }
        AtomicReference<Exception> failed = new AtomicReference<>();
        AtomicLong failures = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"))) {
            // Frames are tick-major over all hosts, so each partition receives its hosts in time order.
            for (long i = 0; i < generator.frameCount(); i++) {
                RawFrame frame = generator.frame(i);
                int host = (int) (i % hosts);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        topic, host % partitions, ("host-" + host).getBytes(StandardCharsets.UTF_8), frame.payload());
                if (!frame.tenant().equals("default")) {
                    record.headers().add(KafkaFrameDeserializer.TENANT_HEADER, frame.tenant().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                        failed.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IOException(failures.get() + " of " + generator.frameCount() + " frames could not be written to " + topic,
                    failed.get());
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            long written = recordsIn(admin, topic) - before;
            if (written != generator.frameCount()) {
                throw new IOException(topic + " gained " + written + " records, not the " + generator.frameCount() + " frames sent");
            }
        }
        return generator.frameCount();
    }

    /**
     * Waits until every partition of a new {@code topic} has a leader: the first batches sent to a
     * partition still without one can fail, and a backlog must not start with a gap.
     */
    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        while (true) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("partitions of " + topic + " have no leader after " + LEADER_TIMEOUT.toSeconds() + " s: " + description);
            }
            Thread.sleep(100);
        }
    }

    /** Records in {@code topic}: the sum of its partitions' end offsets (nothing is ever deleted from a backlog topic). */
    private static long recordsIn(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: KafkaBacklog BOOTSTRAP TOPIC PARTITIONS HOSTS MINUTES [END_EPOCH_MILLIS]");
            System.exit(2);
        }
        long end = args.length == 6 ? Long.parseLong(args[5]) : System.currentTimeMillis() / 60_000 * 60_000;
        KafkaBacklog backlog = new KafkaBacklog(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[2]), end);
        long started = System.nanoTime();
        long frames = backlog.writeTo(args[0], args[1]);
        System.out.printf("backlog: %,d frames on %s (%s partitions), event time %d .. %d, written in %.1f s%n",
                frames, args[1], args[2], backlog.startEpochMillis(), backlog.endEpochMillis(), (System.nanoTime() - started) / 1e9);
    }
}
