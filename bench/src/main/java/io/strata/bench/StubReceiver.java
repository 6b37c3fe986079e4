package io.strata.bench;

import com.sun.net.httpserver.HttpServer;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * A remote_write receiver that costs nothing, for measuring Strata rather than the receiver:
 * {@code accept} answers every request 204, {@code refuse-too-old} answers 400 {@code out of
 * bounds}, as Prometheus does to samples older than its head minus one hour. {@code freshness}
 * accepts too and measures every sample on {@code /api/v1/write}: the delay from its timestamp
 * to its arrival here, i.e. how fresh the raw hot output is when samples are stamped as they are
 * sent ({@code strata loadgen} live). Derived series go to {@code /derived/api/v1/write}, which
 * only accepts: their timestamps are their windows'.
 *
 * <p>{@code java -cp ... io.strata.bench.StubReceiver PORT accept|refuse-too-old|freshness} serves
 * on 127.0.0.1 until killed and prints the requests and bytes it got (and the freshness p50, p95,
 * p99 and maximum so far, also of what arrived after the first minute) every 10 s and when it is stopped.
 */
public final class StubReceiver {

    private StubReceiver() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[1].equals("accept") || args[1].equals("refuse-too-old") || args[1].equals("freshness"))) {
            System.err.println("usage: StubReceiver PORT accept|refuse-too-old|freshness");
            System.exit(2);
        }
        boolean refuse = args[1].equals("refuse-too-old");
        Freshness freshness = args[1].equals("freshness") ? new Freshness() : null;
        byte[] refusal = "out of bounds".getBytes(StandardCharsets.UTF_8);
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/write", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long arrived = System.currentTimeMillis();
            bytes.addAndGet(body.length);
            requests.incrementAndGet();
            if (freshness != null) {
                freshness.record(WriteRequest.parseFrom(Snappy.uncompress(body)), arrived);
            }
            if (refuse) {
                exchange.sendResponseHeaders(400, refusal.length);
                exchange.getResponseBody().write(refusal);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.createContext("/derived/api/v1/write", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                bytes.addAndGet(body.transferTo(OutputStream.nullOutputStream()));
            }
            requests.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Runnable report = () -> System.out.printf("stub receiver: %,d requests, %,d bytes%s%n", requests.get(), bytes.get(),
                freshness == null ? "" : "; " + freshness.summary());
        Runtime.getRuntime().addShutdownHook(new Thread(report));
        System.out.println("stub receiver (" + args[1] + ") on http://127.0.0.1:" + args[0] + "/api/v1/write");
        while (true) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                return;
            }
            report.run();
        }
    }

    /**
     * Sample timestamp → arrival delays, over the whole run and over what arrived after the first
     * {@link #WARM_UP_MILLIS} (the job compiles its paths while it starts, and the backlog that builds
     * up then is not what it does once running).
     */
    static final class Freshness {
        static final long WARM_UP_MILLIS = 60_000;
        private final Delays all = new Delays();
        private final Delays warm = new Delays();
        private long firstArrivalMillis = Long.MIN_VALUE;

        synchronized void record(WriteRequest request, long arrivedMillis) {
            if (firstArrivalMillis == Long.MIN_VALUE) {
                firstArrivalMillis = arrivedMillis;
            }
            boolean afterWarmUp = arrivedMillis - firstArrivalMillis >= WARM_UP_MILLIS;
            for (Types.TimeSeries series : request.getTimeseriesList()) {
                for (Types.Sample sample : series.getSamplesList()) {
                    add(arrivedMillis - sample.getTimestamp(), afterWarmUp);
                }
                for (Types.Histogram histogram : series.getHistogramsList()) {
                    add(arrivedMillis - histogram.getTimestamp(), afterWarmUp);
                }
            }
        }

        private void add(long delayMillis, boolean afterWarmUp) {
            all.add(delayMillis);
            if (afterWarmUp) {
                warm.add(delayMillis);
            }
        }

        synchronized String summary() {
            return "freshness of " + all.summary() + "; after the first " + WARM_UP_MILLIS / 1000 + " s: " + warm.summary();
        }
    }

    /** Delays counted per millisecond up to 10 minutes. */
    static final class Delays {
        private static final int MAX_MILLIS = 600_000;
        private final long[] counts = new long[MAX_MILLIS + 1];
        private long samples;
        private long maxMillis;

        void add(long delayMillis) {
            long delay = Math.max(0, delayMillis);
            counts[(int) Math.min(delay, MAX_MILLIS)]++;
            samples++;
            maxMillis = Math.max(maxMillis, delay);
        }

        String summary() {
            return String.format("%,d samples: p50 %.3f s, p95 %.3f s, p99 %.3f s, max %.3f s",
                    samples, quantile(0.50), quantile(0.95), quantile(0.99), maxMillis / 1000.0);
        }

        private double quantile(double q) {
            long rank = (long) Math.ceil(q * samples);
            long seen = 0;
            for (int millis = 0; millis <= MAX_MILLIS; millis++) {
                seen += counts[millis];
                if (seen >= rank && seen > 0) {
                    return millis / 1000.0;
                }
            }
            return Double.NaN;
        }
    }
}
