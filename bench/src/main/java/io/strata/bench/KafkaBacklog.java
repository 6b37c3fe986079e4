package io.strata.bench;

import io.strata.jobs.loadgen.KafkaFrameWriter;
import io.strata.pipeline.record.RawFrame;
import io.strata.jobs.demo.GameTelemetryGenerator;
import java.util.stream.IntStream;

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
        try (KafkaFrameWriter writer = KafkaFrameWriter.open(bootstrapServers, topic, partitions)) {
            // Frames are tick-major over all hosts, so each partition receives its hosts in time order.
            for (long i = 0; i < generator.frameCount(); i++) {
                RawFrame frame = generator.frame(i);
                int host = (int) (i % hosts);
                writer.send(host % partitions, "host-" + host, frame.tenant(), frame.payload());
            }
            return writer.finish();
        }
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
