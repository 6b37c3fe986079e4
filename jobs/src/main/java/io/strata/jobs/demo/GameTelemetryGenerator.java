package io.strata.jobs.demo;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.remotewrite.RemoteWriteRequestEncoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Makes realistic, deterministic game-server telemetry as real remote_write frames: one frame
 * per host per 10 s tick, over {@code [startEpochMillis, startEpochMillis + ticks × 10 s)}.
 *
 * <p>Every host reports connected players and queue depth per queue (gauges), CPU seconds and
 * tick count (counters, one host restarting halfway so a counter resets), server tick time as a
 * classic histogram and action-ack latency as a native histogram. So that the policy visibly
 * acts, one host in ten also sends a series with a {@code player_id} label (PII), one with an
 * off-schema {@code session_id} label and a summary quantile; host {@value #NOISY_HOST} sends
 * about 400 series, over the per-host cap of 300; and one frame in
 * {@value #CORRUPT_FRAME_EVERY} is corrupted on the wire.
 *
 * <p>The same (hosts, ticks, start) always yields the same frames.
 */
public final class GameTelemetryGenerator implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final long TICK_MILLIS = 10_000;
    public static final int CORRUPT_FRAME_EVERY = 500;
    /** The host that sends more series than the per-host cap (about 400 in all). */
    public static final int NOISY_HOST = 7;
    static final int NOISY_EXTRA_SERIES = 380;
    /** Game ticks per 10 s at the servers' 60 Hz simulation rate. */
    private static final int GAME_TICKS_PER_TICK = 600;

    static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-northeast-1"};
    static final String[] QUEUES = {"ranked", "casual", "arena"};
    static final double[] TICK_BUCKETS = {0.005, 0.01, 0.016, 0.025, 0.033, 0.05, 0.1, Double.POSITIVE_INFINITY};

    private final int hosts;
    private final int ticks;
    private final int splits;
    private final long startEpochMillis;

    /**
     * @param splits the parallelism of the generator source: each of its splits then covers
     *     {@code hosts / splits} hosts in time order, as a Kafka partition covers its hosts
     */
    public GameTelemetryGenerator(int hosts, int ticks, int splits, long startEpochMillis) {
        if (hosts <= 0 || ticks <= 0 || splits <= 0) {
            throw new IllegalArgumentException("hosts, ticks and splits must be positive, got " + hosts + ", " + ticks + ", " + splits);
        }
        if (hosts % splits != 0) {
            throw new IllegalArgumentException("hosts (" + hosts + ") must be a multiple of splits (" + splits + ")");
        }
        this.hosts = hosts;
        this.ticks = ticks;
        this.splits = splits;
        this.startEpochMillis = Math.floorDiv(startEpochMillis, TICK_MILLIS) * TICK_MILLIS;
    }

    public long frameCount() {
        return (long) hosts * ticks;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public long endEpochMillis() {
        return startEpochMillis + ticks * TICK_MILLIS;
    }

    public int splits() {
        return splits;
    }

    /**
     * Frame {@code index}. The source cuts {@code [0, frameCount)} into {@code splits} equal
     * ranges; range {@code s} holds hosts {@code s × hosts/splits ...}, tick-major, so every split
     * reads its hosts in event-time order.
     */
    public RawFrame frame(long index) {
        int hostsPerSplit = hosts / splits;
        long framesPerSplit = (long) hostsPerSplit * ticks;
        int split = (int) (index / framesPerSplit);
        long local = index % framesPerSplit;
        int host = split * hostsPerSplit + (int) (local % hostsPerSplit);
        int tick = (int) (local / hostsPerSplit);
        byte[] payload = RemoteWriteRequestEncoder.encode(samples(host, tick));
        if (index % CORRUPT_FRAME_EVERY == CORRUPT_FRAME_EVERY - 1) {
            payload = corrupt(payload);
        }
        return new RawFrame(tenantOf(host), payload, "generator:host-" + host + "@tick-" + tick);
    }

    /** The samples host {@code host} reports at tick {@code tick}. */
    public List<Sample> samples(int host, int tick) {
        long ts = startEpochMillis + tick * TICK_MILLIS + (host * 37L) % 1000;
        String region = REGIONS[host % REGIONS.length];
        TreeMap<String, String> base = new TreeMap<>();
        base.put("az", region + (char) ('a' + host % 3));
        base.put("build_id", "b" + (4100 + host % 2));
        base.put("cluster", region + "-gs-" + (host % 2));
        base.put("instance", "gs-" + host + ":9100");
        base.put("instance_type", host % 4 == 0 ? "c7g.2xlarge" : "c7g.xlarge");
        base.put("job", "gameserver");
        base.put("region", region);
        base.put("shard_id", Integer.toString(host % 8));
        String tenant = tenantOf(host);
        SplittableRandom random = new SplittableRandom(host * 1_000_003L + tick);
        List<Sample> out = new ArrayList<>();

        for (int q = 0; q < QUEUES.length; q++) {
            double players = 40 + 30 * Math.sin((tick + host * 7 + q * 11) / 15.0) + random.nextInt(5);
            out.add(gauge(tenant, base, "gameplay_players_connected", "queue", QUEUES[q], ts, Math.round(players)));
            out.add(gauge(tenant, base, "matchmaking_queue_depth", "queue", QUEUES[q], ts, random.nextInt(20)));
        }
        out.add(gauge(tenant, base, "cpu_temp_celsius", null, null, ts, 55 + (host % 5) + random.nextDouble() * 10));
        // Host 1 restarts halfway: its counters start again from zero.
        int sinceStart = host == 1 && tick >= ticks / 2 ? tick - ticks / 2 : tick;
        out.add(counter(tenant, base, "process_cpu_seconds_total", null, null, ts, sinceStart * (3.5 + host % 3)));
        out.add(counter(tenant, base, "gameplay_ticks_total", null, null, ts, (double) sinceStart * GAME_TICKS_PER_TICK));

        // Server tick time, classic histogram: a fixed latency profile per host, cumulative over ticks.
        double slow = 0.6 + 0.1 * (host % REGIONS.length);
        double[] cdf = {0.05, 0.3 * slow + 0.1, 0.6, 0.8, 0.9, 0.97, 0.995, 1.0};
        for (int b = 0; b < TICK_BUCKETS.length; b++) {
            String le = TICK_BUCKETS[b] == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(TICK_BUCKETS[b]);
            out.add(counter(tenant, base, "gameplay_tick_time_seconds_bucket", "le", le, ts,
                    Math.floor((double) sinceStart * GAME_TICKS_PER_TICK * Math.min(1.0, cdf[b]))));
        }
        out.add(counter(tenant, base, "gameplay_tick_time_seconds_count", null, null, ts, (double) sinceStart * GAME_TICKS_PER_TICK));
        out.add(counter(tenant, base, "gameplay_tick_time_seconds_sum", null, null, ts, sinceStart * GAME_TICKS_PER_TICK * 0.018 * slow));

        out.add(nativeHistogram(tenant, base, "action_ack_latency_seconds", ts, sinceStart));

        if (host == NOISY_HOST) {
            // A deploy gone wrong: one series per zone, 380 more than the host's budget allows.
            for (int zone = 0; zone < NOISY_EXTRA_SERIES; zone++) {
                out.add(counter(tenant, base, "entity_updates_total", "queue", "zone-" + zone, ts, (double) sinceStart * (zone % 7 + 1)));
            }
        }
        if (host % 10 == 3) {
            out.add(counter(tenant, base, "player_login_total", "player_id", "p-" + (100_000 + host), ts, tick));
            out.add(gauge(tenant, base, "debug_session_rtt_ms", "session_id", "s-" + host, ts, random.nextInt(80)));
            out.add(gauge(tenant, base, "gc_pause_seconds", "quantile", "0.99", ts, 0.004));
        }
        return out;
    }

    private static String tenantOf(int host) {
        return host % 5 == 4 ? "lowprio" : "default";
    }

    private static Sample gauge(String tenant, TreeMap<String, String> base, String name, String extraName, String extraValue, long ts, double v) {
        return sample(tenant, base, name, extraName, extraValue, MetricKind.GAUGE, ts, v, null);
    }

    private static Sample counter(String tenant, TreeMap<String, String> base, String name, String extraName, String extraValue, long ts, double v) {
        return sample(tenant, base, name, extraName, extraValue, MetricKind.COUNTER, ts, v, null);
    }

    private static Sample nativeHistogram(String tenant, TreeMap<String, String> base, String name, long ts, int sinceStart) {
        // Schema 3 (8 buckets per power of two); buckets 2..9 past 2^-7 s, i.e. ~8 ms to ~17 ms.
        double[] weights = {2, 5, 9, 14, 12, 7, 3, 1};
        double[] counts = new double[weights.length];
        double count = 0;
        for (int i = 0; i < weights.length; i++) {
            counts[i] = weights[i] * sinceStart;
            count += counts[i];
        }
        NativeHistogram h = new NativeHistogram(3, 1e-9, 0, count, count * 0.012, new int[] {-54}, new int[] {weights.length},
                counts, new int[0], new int[0], new double[0], 0, false);
        return sample(tenant, base, name, null, null, MetricKind.HISTOGRAM, ts, Double.NaN, h);
    }

    private static Sample sample(String tenant, TreeMap<String, String> base, String name, String extraName, String extraValue,
            MetricKind kind, long ts, double value, NativeHistogram h) {
        TreeMap<String, String> labels = new TreeMap<>(base);
        labels.put("__name__", name);
        if (extraName != null) {
            labels.put(extraName, extraValue);
        }
        String[] names = labels.keySet().toArray(new String[0]);
        String[] values = labels.values().toArray(new String[0]);
        return new Sample(tenant, SeriesId.of(names, values), names, values, kind, ts, value, h);
    }

    private static byte[] corrupt(byte[] payload) {
        byte[] bad = payload.clone();
        for (int i = 0; i < bad.length; i += 7) {
            bad[i] = (byte) ~bad[i];
        }
        return bad;
    }
}
