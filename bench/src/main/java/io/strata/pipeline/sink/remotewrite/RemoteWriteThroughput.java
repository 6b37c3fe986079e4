package io.strata.pipeline.sink.remotewrite;

import com.sun.net.httpserver.HttpServer;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.Sample;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;

/**
 * Throughput of one remote_write sink writer (one subtask), driven on this thread as its mailbox
 * thread, against a no-op receiver in this JVM (JDK HttpServer answering 204) and, if a URL is
 * given, a real Prometheus; each with Strata's defaults and configured like the official Flink
 * sink (1 request in flight, 500 samples per request), in the same run.
 *
 * <p>Samples: {@value #SERIES} series of 11 labels (docs/CONTRACT.md's realistic frames), one float
 * sample per series per second of event time. Per-core figures divide by the JVM's CPU time,
 * which includes the in-process receiver: they are a lower bound for the sink alone.
 *
 * <pre>scripts/bench-remote-write [samples] [prometheus base URL]</pre>
 */
public final class RemoteWriteThroughput {

    private static final int SERIES = 10_000;

    private RemoteWriteThroughput() {}

    public static void main(String[] args) throws Exception {
        long samples = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        String prometheus = args.length > 1 ? args[1] : null;
        HttpServer noop = noOpReceiver();
        URI noopUrl = URI.create("http://127.0.0.1:" + noop.getAddress().getPort() + "/api/v1/write");
        try {
            System.out.printf("%-12s %-22s %12s %14s %16s%n", "receiver", "sink", "samples", "samples/s", "samples/CPU-s");
            // A short warm-up run, not reported: JIT, connections.
            run("warmup", noopUrl, strata(noopUrl), samples / 4, false);
            for (int round = 0; round < 2; round++) {
                run("no-op", noopUrl, strata(noopUrl), samples, true);
                run("no-op", noopUrl, official(noopUrl), samples, true);
            }
            if (prometheus != null) {
                URI url = URI.create(prometheus + "/api/v1/write");
                run("prometheus", url, strata(url), samples / 2, true);
                run("prometheus", url, official(url), samples / 2, true);
            }
        } finally {
            noop.stop(0);
            ((ExecutorService) noop.getExecutor()).shutdownNow();
        }
    }

    private static RemoteWriteSettings strata(URI url) {
        return RemoteWriteSettings.of(url);
    }

    /** Like flink-connector-prometheus: one request in flight, 500 samples per request. */
    private static RemoteWriteSettings official(URI url) {
        return RemoteWriteSettings.builder(url).setShards(1).setMaxBatchSamples(500).build();
    }

    private static void run(String receiver, URI url, RemoteWriteSettings settings, long samples, boolean report) throws Exception {
        MailboxExecutor mailbox = new MailboxExecutorImpl(new TaskMailboxImpl(Thread.currentThread()), 0, StreamTaskActionExecutor.IMMEDIATE);
        RemoteWriteSinkWriter writer = new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings),
                new RemoteWriteMetrics(UnregisteredMetricsGroup.createOperatorMetricGroup()), mailbox, new TestProcessingTimeService(),
                List.of(), false);
        String run = settings.shards() + "x" + settings.maxBatchSamples() + "-" + System.nanoTime();
        List<String[]> names = new ArrayList<>();
        List<String[]> values = new ArrayList<>();
        long[] ids = new long[SERIES];
        for (int s = 0; s < SERIES; s++) {
            String[] n = {"__name__", "az", "build_id", "cluster", "instance", "instance_type", "job", "queue", "region", "run", "shard_id"};
            String[] v = {"gameplay_tick_time_seconds_sum", "eu-west-1a", "b-20261126", "prod-eu-1", "gs-" + s + ":9100", "c6i.2xlarge",
                "gameserver", "ranked", "eu-west-1", run, Integer.toString(s % 64)};
            names.add(n);
            values.add(v);
            ids[s] = SeriesId.of(n, v);
        }
        long base = (System.currentTimeMillis() / 1000 - 600) * 1000;
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        for (long i = 0; i < samples; i++) {
            int s = (int) (i % SERIES);
            writer.write(Sample.ofFloat("default", ids[s], names.get(s), values.get(s), MetricKind.GAUGE, base + (i / SERIES) * 1000, i), null);
        }
        writer.flush(true);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        writer.close();
        if (report) {
            String sink = settings.shards() + " in flight, " + settings.maxBatchSamples() + "/req";
            System.out.printf("%-12s %-22s %,12d %,14.0f %,16.0f%n", receiver, sink, samples, samples / seconds, samples / cpuSeconds);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static HttpServer noOpReceiver() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }
}
