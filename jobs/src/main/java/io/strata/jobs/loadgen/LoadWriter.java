package io.strata.jobs.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Drives a {@link TelemetryLoad} into a {@link KafkaFrameWriter}, agent {@code a}'s frames on
 * partition {@code a % partitions} keyed by the agent, so every partition holds its agents in
 * time order: either as a backlog (the scrapes of a past span, written as fast as Kafka takes
 * them) or live (each scrape written when it happens, stamped with its wall-clock time).
 * Prints progress every 10 s.
 */
public final class LoadWriter {

    private static final long PROGRESS_NANOS = Duration.ofSeconds(10).toNanos();

    /** What was written: frames, samples and payload bytes, over event time {@code [first, last]}. */
    public record Totals(long frames, long samples, long bytes, long firstMillis, long lastMillis, double seconds) {}

    private final TelemetryLoad load;
    private final KafkaFrameWriter out;
    private final PrintStream progress;
    private long frames;
    private long samples;
    private long bytes;
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private long startedNanos;
    private boolean live;
    private long nextProgressNanos;

    public LoadWriter(TelemetryLoad load, KafkaFrameWriter out, PrintStream progress) {
        this.load = load;
        this.out = out;
        this.progress = progress;
    }

    /** Writes the scrapes of the {@code span} before {@code endMillis} (rounded down to a scrape interval). */
    public Totals backlog(long endMillis, Duration span) throws Exception {
        long interval = load.shape().scrapeInterval().toMillis();
        long end = Math.floorDiv(endMillis, interval) * interval;
        long ticks = Math.max(1, span.toMillis() / interval);
        start(false);
        for (long tick = end / interval - ticks; tick < end / interval; tick++) {
            for (int agent = 0; agent < load.shape().agents(); agent++) {
                scrape(agent, tick, load.scrapeTimeMillis(tick * interval, agent));
            }
        }
        return finish();
    }

    /**
     * Writes every scrape from now for {@code duration}, each when its time comes; if writing
     * falls behind, scrapes are written late (with their scheduled timestamps) and progress says
     * by how much.
     */
    public Totals live(Duration duration) throws Exception {
        long interval = load.shape().scrapeInterval().toMillis();
        long stop = System.currentTimeMillis() + duration.toMillis();
        start(true);
        for (long tick = Math.floorDiv(System.currentTimeMillis(), interval) + 1; ; tick++) {
            for (int agent = 0; agent < load.shape().agents(); agent++) {
                long at = load.scrapeTimeMillis(tick * interval, agent);
                if (at >= stop) {
                    return finish();
                }
                long wait = at - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                scrape(agent, tick, at);
            }
        }
    }

    private void start(boolean live) {
        this.live = live;
        startedNanos = System.nanoTime();
        nextProgressNanos = startedNanos + PROGRESS_NANOS;
    }

    private void scrape(int agent, long tick, long timestampMillis) throws Exception {
        String key = "agent-" + agent;
        int partition = agent % out.partitions();
        samples += load.scrape(agent, tick, timestampMillis, (a, tenant, payload, count) -> {
            out.send(partition, key, tenant, payload);
            bytes += payload.length;
            frames++;
        });
        firstMillis = Math.min(firstMillis, timestampMillis);
        lastMillis = Math.max(lastMillis, timestampMillis);
        long now = System.nanoTime();
        if (now >= nextProgressNanos) {
            nextProgressNanos = now + PROGRESS_NANOS;
            double seconds = (now - startedNanos) / 1e9;
            String behind = live
                    ? String.format(", %.1f s behind", Math.max(0, System.currentTimeMillis() - timestampMillis) / 1000.0)
                    : "";
            progress.printf("loadgen: %,d frames, %,d samples (%,.0f samples/s), %,d MB; at %s%s%n",
                    frames, samples, samples / seconds, bytes >> 20, Instant.ofEpochMilli(timestampMillis), behind);
        }
    }

    private Totals finish() throws Exception {
        out.finish();
        return new Totals(frames, samples, bytes, firstMillis, lastMillis, (System.nanoTime() - startedNanos) / 1e9);
    }
}
