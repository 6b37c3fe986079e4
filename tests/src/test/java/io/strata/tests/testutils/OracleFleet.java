package io.strata.tests.testutils;

import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;

/**
 * A fleet whose every value is known ahead, for comparing Strata with PromQL: each host sends,
 * every 10 s on the epoch grid, gauges, counters (with resets), one classic histogram per queue
 * ({@code _bucket{le}}, {@code _sum}, {@code _count}, with resets) and one native histogram per
 * queue (schema 3, with a reset). Every value and every sum of values is an integer, so float
 * arithmetic is exact in any order and results can be compared for equality.
 */
public final class OracleFleet {

    public static final long TICK_MILLIS = 10_000;
    public static final String GAUGE = "oracle_load";
    public static final String COUNTER = "oracle_ops_total";
    public static final String CLASSIC = "oracle_tick_seconds";
    public static final String NATIVE = "oracle_latency_seconds";
    public static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"};
    public static final int NATIVE_SCHEMA = 3;
    private static final int NATIVE_BUCKETS = 24;

    private final String run;
    private final int hosts;
    private final int gauges;
    private final int counters;
    private final int queues;
    private final long t0;
    private final int ticks;
    /** [host][counter][tick] */
    private final double[][][] counterValues;
    /** [host][queue][le][tick] cumulative bucket counts; le = LE.length is _sum. */
    private final double[][][][] classicValues;
    /** [host][queue][tick][bucket], bucket NATIVE_BUCKETS is the zero bucket, NATIVE_BUCKETS + 1 the sum. */
    private final long[][][][] nativeValues;

    public OracleFleet(String run, int hosts, int gauges, int counters, int queues, long t0, int ticks) {
        this.run = run;
        this.hosts = hosts;
        this.gauges = gauges;
        this.counters = counters;
        this.queues = queues;
        this.t0 = t0;
        this.ticks = ticks;
        counterValues = new double[hosts][counters][ticks];
        classicValues = new double[hosts][queues][LE.length + 1][ticks];
        nativeValues = new long[hosts][queues][ticks][NATIVE_BUCKETS + 2];
        for (int h = 0; h < hosts; h++) {
            for (int c = 0; c < counters; c++) {
                double value = 0;
                for (int k = 0; k < ticks; k++) {
                    double step = 1 + (h + c + k) % 13;
                    value = k > 0 && (k + 37 * c + 11 * h) % 311 == 0 ? step : value + step;
                    counterValues[h][c][k] = value;
                }
            }
            for (int q = 0; q < queues; q++) {
                fillClassic(h, q);
                fillNative(h, q);
            }
        }
    }

    private void fillClassic(int h, int q) {
        double[] cumulative = new double[LE.length + 1];
        for (int k = 0; k < ticks; k++) {
            if (k > 0 && (k + 101 * q + 13 * h) % 467 == 0) {
                java.util.Arrays.fill(cumulative, 0);
            }
            double below = 0;
            for (int b = 0; b < LE.length; b++) {
                double observed = b == LE.length - 1 ? (k + q) % 2 : (h + q + k * (b + 1)) % 5;
                below += observed;
                cumulative[b] += below;
                cumulative[LE.length] += observed * (b + 1);
            }
            for (int b = 0; b <= LE.length; b++) {
                classicValues[h][q][b][k] = cumulative[b];
            }
        }
    }

    private void fillNative(int h, int q) {
        long[] cumulative = new long[NATIVE_BUCKETS + 2];
        for (int k = 0; k < ticks; k++) {
            if (k > 0 && (k + 173 * q + 7 * h) % 503 == 0) {
                java.util.Arrays.fill(cumulative, 0);
            }
            for (int i = 0; i < NATIVE_BUCKETS; i++) {
                long observed = (h * 7 + q * 3 + k * (i + 1)) % 4 == 0 ? 1 + i % 3 : 0;
                cumulative[i] += observed;
                cumulative[NATIVE_BUCKETS + 1] += observed * (1 + i / 8);
            }
            cumulative[NATIVE_BUCKETS] += k % 5 == 0 ? 1 : 0;
            nativeValues[h][q][k] = cumulative.clone();
        }
    }

    public String run() {
        return run;
    }

    public int ticks() {
        return ticks;
    }

    public long timestamp(int tick) {
        return t0 + tick * TICK_MILLIS;
    }

    public int seriesPerHost() {
        return gauges + counters + queues * (LE.length + 2) + queues;
    }

    public int series() {
        return hosts * seriesPerHost();
    }

    public int hosts() {
        return hosts;
    }

    public String instance(int host) {
        return "oh" + host + ":9100";
    }

    /** Everything {@code host} sent over ticks {@code [fromTick, toTick)}, a series' samples in order. */
    public WriteRequest request(int host, int fromTick, int toTick) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        appendHost(request, host, fromTick, toTick);
        return request.build();
    }

    /** Everything the whole fleet sent over ticks {@code [fromTick, toTick)}. */
    public WriteRequest request(int fromTick, int toTick) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int h = 0; h < hosts; h++) {
            appendHost(request, h, fromTick, toTick);
        }
        return request.build();
    }

    private void appendHost(WriteRequest.Builder request, int h, int from, int to) {
        for (int g = 0; g < gauges; g++) {
            Types.TimeSeries.Builder series = series(GAUGE, h, "q" + g, null);
            for (int k = from; k < to; k++) {
                series.addSamples(sample(k, (h * 131 + g * 17 + (long) k * k * 7) % 1000 - 200));
            }
            request.addTimeseries(series);
        }
        for (int c = 0; c < counters; c++) {
            Types.TimeSeries.Builder series = series(COUNTER, h, "q" + c, null);
            for (int k = from; k < to; k++) {
                series.addSamples(sample(k, counterValues[h][c][k]));
            }
            request.addTimeseries(series);
        }
        for (int q = 0; q < queues; q++) {
            for (int b = 0; b <= LE.length; b++) {
                String name = b == LE.length ? CLASSIC + "_sum" : CLASSIC + "_bucket";
                Types.TimeSeries.Builder series = series(name, h, "q" + q, b == LE.length ? null : LE[b]);
                for (int k = from; k < to; k++) {
                    series.addSamples(sample(k, classicValues[h][q][b][k]));
                }
                request.addTimeseries(series);
            }
            Types.TimeSeries.Builder count = series(CLASSIC + "_count", h, "q" + q, null);
            for (int k = from; k < to; k++) {
                count.addSamples(sample(k, classicValues[h][q][LE.length - 1][k]));
            }
            request.addTimeseries(count);
            Types.TimeSeries.Builder nativeSeries = series(NATIVE, h, "q" + q, null);
            for (int k = from; k < to; k++) {
                nativeSeries.addHistograms(nativeHistogram(nativeValues[h][q][k], timestamp(k)));
            }
            request.addTimeseries(nativeSeries);
        }
    }

    private Types.TimeSeries.Builder series(String name, int host, String queue, String le) {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder()
                .addLabels(label("__name__", name))
                .addLabels(label("instance", instance(host)))
                .addLabels(label("job", "oracle"));
        if (le != null) {
            series.addLabels(label("le", le));
        }
        return series.addLabels(label("queue", queue))
                .addLabels(label("region", "r" + host % 2))
                .addLabels(label("shard_id", run));
    }

    private Types.Sample sample(int tick, double value) {
        return Types.Sample.newBuilder().setTimestamp(timestamp(tick)).setValue(value).build();
    }

    private static Types.Label label(String name, String value) {
        return Types.Label.newBuilder().setName(name).setValue(value).build();
    }

    /** Buckets 1..24 of schema 3 as one span, delta-encoded as remote_write wants. */
    private static Types.Histogram nativeHistogram(long[] cumulative, long timestamp) {
        Types.Histogram.Builder histogram = Types.Histogram.newBuilder()
                .setSchema(NATIVE_SCHEMA)
                .setZeroThreshold(1e-128)
                .setZeroCountInt(cumulative[NATIVE_BUCKETS])
                .setSum(cumulative[NATIVE_BUCKETS + 1])
                .setTimestamp(timestamp)
                .addPositiveSpans(Types.BucketSpan.newBuilder().setOffset(1).setLength(NATIVE_BUCKETS));
        long count = cumulative[NATIVE_BUCKETS];
        long previous = 0;
        for (int i = 0; i < NATIVE_BUCKETS; i++) {
            histogram.addPositiveDeltas(cumulative[i] - previous);
            previous = cumulative[i];
            count += cumulative[i];
        }
        return histogram.setCountInt(count).build();
    }
}
