package io.strata.jobs.loadgen;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.remotewrite.RemoteWriteRequestEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Game-server telemetry shaped by a {@link LoadShape}, as the agents that scrape the servers
 * ship it: every scrape interval each agent scrapes its hosts and sends their samples as
 * remote_write frames of at most {@link LoadShape#samplesPerFrame()} samples, a host's series
 * kept together. Gauges, counters, classic histograms ({@code _bucket} with 8 {@code le},
 * {@code _count}, {@code _sum}) and schema-3 native histograms, all labelled within the
 * platform's allowlist; with {@link LoadShape#badHostEvery()} some hosts also send a PII series,
 * an off-schema series or series over the per-host cap, so the policy and limits visibly act.
 *
 * <p>Deterministic: the same shape, tick and agent always give the same frames. Agents scrape
 * staggered over the interval, agent {@code a} at {@code a × interval / agents} into each tick.
 */
public final class TelemetryLoad {

    private static final String[] REGIONS = {"us-east-1", "eu-west-1", "ap-northeast-1"};
    private static final String[] BASE_NAMES =
            {"__name__", "az", "build_id", "cluster", "instance", "instance_type", "job", "region", "shard_id"};
    private static final String[] LE = {"0.005", "0.01", "0.016", "0.025", "0.033", "0.05", "0.1", "+Inf"};
    private static final double[] LE_SHARE = {0.05, 0.3, 0.6, 0.8, 0.9, 0.97, 0.995, 1.0};
    /** Native histogram bucket weights, schema 3, buckets 2..9 past 2^-7 s (~8 ms to ~17 ms). */
    private static final double[] NATIVE_WEIGHTS = {2, 5, 9, 14, 12, 7, 3, 1};
    private static final int EVENTS_PER_SCRAPE = 600;

    /** Sorted label names of each extra label a series may carry after the base ones. */
    private static final String[] NO_EXTRA = BASE_NAMES;
    private static final String[] WITH_LE = withName("le");
    private static final String[] WITH_QUEUE = withName("queue");
    private static final String[] WITH_PLAYER = withName("player_id");
    private static final String[] WITH_SESSION = withName("session_id");

    private final LoadShape shape;
    private final int natives;
    private final int classics;
    private final int counters;
    private final int gauges;

    public TelemetryLoad(LoadShape shape) {
        this.shape = shape;
        int n = shape.seriesPerHost();
        this.natives = (int) Math.round(n * shape.nativeHistogramShare());
        this.classics = Math.min((n - natives) / LoadShape.CLASSIC_HISTOGRAM_SERIES,
                (int) (n * shape.classicHistogramShare() / LoadShape.CLASSIC_HISTOGRAM_SERIES));
        this.counters = Math.min(n - natives - classics * LoadShape.CLASSIC_HISTOGRAM_SERIES,
                (int) Math.round(n * shape.counterShare()));
        this.gauges = n - natives - classics * LoadShape.CLASSIC_HISTOGRAM_SERIES - counters;
    }

    public LoadShape shape() {
        return shape;
    }

    /** Receives the frames of one agent's scrape. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(int agent, String tenant, byte[] payload, int samples) throws Exception;
    }

    /** When agent {@code agent} scrapes in the tick starting at {@code tickStartMillis}. */
    public long scrapeTimeMillis(long tickStartMillis, int agent) {
        return tickStartMillis + shape.scrapeInterval().toMillis() * agent / shape.agents();
    }

    /** The tenant of an agent's hosts: {@code default}, or one of {@code tenant-0 …} round robin. */
    public String tenant(int agent) {
        return shape.tenants() == 1 ? "default" : "tenant-" + agent % shape.tenants();
    }

    /**
     * Writes agent {@code agent}'s frames of scrape {@code tick} (the tick's samples stamped
     * {@code timestampMillis}) to {@code sink}; returns the samples written.
     */
    public long scrape(int agent, long tick, long timestampMillis, FrameSink sink) throws Exception {
        String tenant = tenant(agent);
        List<Sample> frame = new ArrayList<>(shape.samplesPerFrame());
        long written = 0;
        int last = Math.min(shape.hosts(), (agent + 1) * shape.hostsPerAgent());
        for (int host = agent * shape.hostsPerAgent(); host < last; host++) {
            String[] base = baseValues(host);
            for (Sample sample : hostSamples(tenant, host, base, tick, timestampMillis)) {
                frame.add(sample);
                if (frame.size() == shape.samplesPerFrame()) {
                    sink.accept(agent, tenant, RemoteWriteRequestEncoder.encode(frame), frame.size());
                    written += frame.size();
                    frame.clear();
                }
            }
        }
        if (!frame.isEmpty()) {
            sink.accept(agent, tenant, RemoteWriteRequestEncoder.encode(frame), frame.size());
            written += frame.size();
        }
        return written;
    }

    /** Series {@code host} sends beyond {@link LoadShape#seriesPerHost()}: a bad host's PII, off-schema or over-cap series. */
    static int extraSeries(LoadShape shape, int host) {
        if (shape.badHostEvery() == 0) {
            return 0;
        }
        return switch (host % shape.badHostEvery()) {
            case 3 -> 2;
            case 7 -> LoadShape.OVER_CAP_EXTRA_SERIES;
            default -> 0;
        };
    }

    private List<Sample> hostSamples(String tenant, int host, String[] base, long tick, long ts) {
        List<Sample> out = new ArrayList<>(shape.seriesPerHost() + extraSeries(shape, host));
        for (int g = 0; g < gauges; g++) {
            double value = (host * 31L + g * 17L + tick * 7) % 100;
            out.add(sample(tenant, base, "game_gauge_" + g / 10, WITH_QUEUE, "q" + g % 10, MetricKind.GAUGE, ts, value));
        }
        for (int c = 0; c < counters; c++) {
            double value = (double) tick * (1 + (host + c) % 7);
            out.add(sample(tenant, base, "game_events_" + c / 10 + "_total", WITH_QUEUE, "q" + c % 10, MetricKind.COUNTER, ts, value));
        }
        double events = (double) tick * EVENTS_PER_SCRAPE;
        for (int k = 0; k < classics; k++) {
            String name = "game_latency_" + k + "_seconds";
            for (int b = 0; b < LE.length; b++) {
                out.add(sample(tenant, base, name + "_bucket", WITH_LE, LE[b], MetricKind.COUNTER, ts, Math.floor(events * LE_SHARE[b])));
            }
            out.add(sample(tenant, base, name + "_count", NO_EXTRA, null, MetricKind.COUNTER, ts, events));
            out.add(sample(tenant, base, name + "_sum", NO_EXTRA, null, MetricKind.COUNTER, ts, events * 0.018));
        }
        for (int j = 0; j < natives; j++) {
            out.add(nativeHistogram(tenant, base, "game_native_latency_" + j + "_seconds", ts, tick));
        }
        switch (extraSeries(shape, host)) {
            case 2 -> {
                out.add(sample(tenant, base, "player_login_total", WITH_PLAYER, "p-" + (100_000 + host), MetricKind.COUNTER, ts, tick));
                out.add(sample(tenant, base, "debug_session_rtt_ms", WITH_SESSION, "s-" + host, MetricKind.GAUGE, ts, tick % 80));
            }
            case LoadShape.OVER_CAP_EXTRA_SERIES -> {
                for (int z = 0; z < LoadShape.OVER_CAP_EXTRA_SERIES; z++) {
                    out.add(sample(tenant, base, "game_zone_entities", WITH_QUEUE, "zone-" + z, MetricKind.GAUGE, ts, z % 13));
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** Values of {@link #BASE_NAMES} for {@code host}, the metric name left empty. */
    private String[] baseValues(int host) {
        int agent = host / shape.hostsPerAgent();
        String region = REGIONS[agent % REGIONS.length];
        return new String[] {"", region + (char) ('a' + host % 3), "b" + (4100 + host % 2), region + "-gs-" + agent % 4,
                "gs-" + host + ":9100", host % 4 == 0 ? "c7g.2xlarge" : "c7g.xlarge", "gameserver", region,
                Integer.toString(host % 8)};
    }

    private static Sample sample(String tenant, String[] base, String name, String[] names, String extraValue,
            MetricKind kind, long ts, double value) {
        String[] values = values(base, name, names, extraValue);
        return new Sample(tenant, SeriesId.of(names, values), names, values, kind, ts, value, null);
    }

    private static Sample nativeHistogram(String tenant, String[] base, String name, long ts, long tick) {
        double[] counts = new double[NATIVE_WEIGHTS.length];
        double count = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = NATIVE_WEIGHTS[i] * tick;
            count += counts[i];
        }
        NativeHistogram h = new NativeHistogram(3, 1e-9, 0, count, count * 0.012, new int[] {-54}, new int[] {counts.length},
                counts, new int[0], new int[0], new double[0], 0, false);
        String[] values = values(base, name, NO_EXTRA, null);
        return new Sample(tenant, SeriesId.of(NO_EXTRA, values), NO_EXTRA, values, MetricKind.HISTOGRAM, ts, Double.NaN, h);
    }

    /** The values for {@code names}: {@code base} with the metric name, and {@code extraValue} where the extra name sits. */
    private static String[] values(String[] base, String name, String[] names, String extraValue) {
        String[] values = new String[names.length];
        values[0] = name;
        for (int i = 1, b = 1; i < names.length; i++) {
            values[i] = b < BASE_NAMES.length && names[i] == BASE_NAMES[b] ? base[b++] : extraValue;
        }
        return values;
    }

    private static String[] withName(String extra) {
        String[] names = Arrays.copyOf(BASE_NAMES, BASE_NAMES.length + 1);
        names[BASE_NAMES.length] = extra;
        // Sorting moves the base names' own String instances, which values() compares by identity.
        Arrays.sort(names, 1, names.length);
        return names;
    }
}
