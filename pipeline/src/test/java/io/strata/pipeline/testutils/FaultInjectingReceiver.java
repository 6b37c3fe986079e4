package io.strata.pipeline.testutils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.xerial.snappy.Snappy;

/**
 * A remote_write receiver on {@code 127.0.0.1:0} (JDK HttpServer) that decodes each snappy
 * protobuf request, stores what it accepts, and answers with injected faults: scripted replies
 * (429 with {@code Retry-After}, bursts of 503, 401), a 400 for any request holding a chosen
 * series, and optionally Prometheus 2.42's ordering rule (a request holding a sample older than
 * its series' latest is answered 400 {@code out of order sample} and stored not at all), and
 * optionally its head bound (a request holding a sample older than the head minus a window is
 * answered 400 {@code out of bounds} and stored not at all). Thread-safe.
 */
public final class FaultInjectingReceiver implements AutoCloseable {

    /** One answer: status, body and headers. */
    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply of(int status) {
            return new Reply(status, "", Map.of());
        }

        public static Reply tooManyRequests(String retryAfter) {
            return new Reply(429, "slow down", Map.of("Retry-After", retryAfter));
        }
    }

    /** One request as received: when (System.nanoTime), its headers, its decoded body, and the status answered. */
    public record Request(long receivedNanos, Map<String, List<String>> headers, WriteRequest body, int status) {
        public int samples() {
            return body.getTimeseriesList().stream().mapToInt(s -> s.getSamplesCount() + s.getHistogramsCount()).sum();
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    /** Accepted samples per series ({@link #seriesKey}), in arrival order: float timestamps and histogram timestamps. */
    private final Map<String, List<Long>> stored = new LinkedHashMap<>();
    private final Map<String, Long> latest = new HashMap<>();
    private Predicate<Types.TimeSeries> rejectSeries = s -> false;
    private int rejectStatus;
    private String rejectMessage;
    private boolean prometheusOrdering;
    /** The newest sample the head holds or was given; with {@link #boundsWindowMillis} >= 0, older than it minus that is refused. */
    private long headEpochMillis = Long.MIN_VALUE;
    private long boundsWindowMillis = -1;

    private FaultInjectingReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/write", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static FaultInjectingReceiver start() {
        try {
            return new FaultInjectingReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI writeUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    /** The next requests get these replies, in order, whatever they hold; then normal handling resumes. */
    public synchronized FaultInjectingReceiver answerNext(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Any request holding a series with label {@code name=value} is answered {@code status} naming that series. */
    public synchronized FaultInjectingReceiver rejectSeriesWithLabel(String name, String value, int status) {
        return rejectSeriesWithLabel(name, value, status, "series with " + name + "=\"" + value + "\" is not accepted here");
    }

    /** Any request holding a series with label {@code name=value} is answered {@code status} and {@code message}. */
    public synchronized FaultInjectingReceiver rejectSeriesWithLabel(String name, String value, int status, String message) {
        rejectSeries = s -> s.getLabelsList().stream().anyMatch(l -> l.getName().equals(name) && l.getValue().equals(value));
        rejectStatus = status;
        rejectMessage = message;
        return this;
    }

    /** Answers a request like Prometheus 2.42 if it holds a sample older than its series' latest stored one. */
    public synchronized FaultInjectingReceiver withPrometheusOrdering() {
        prometheusOrdering = true;
        return this;
    }

    /**
     * Answers a request like Prometheus 2.42 if it holds a sample older than the head minus
     * {@code windowMillis}; the head starts at {@code headEpochMillis} and moves with the newest
     * accepted sample.
     */
    public synchronized FaultInjectingReceiver withPrometheusBounds(long headEpochMillis, long windowMillis) {
        this.headEpochMillis = headEpochMillis;
        this.boundsWindowMillis = windowMillis;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Stored timestamps by series ({@code name="value",...} in the order sent). */
    public synchronized Map<String, List<Long>> stored() {
        return stored.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()),
                (a, b) -> a, LinkedHashMap::new));
    }

    public synchronized long storedSamples() {
        return stored.values().stream().mapToLong(List::size).sum();
    }

    public static String seriesKey(Types.TimeSeries series) {
        return series.getLabelsList().stream().map(l -> l.getName() + "=\"" + l.getValue() + '"').collect(Collectors.joining(","));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] compressed = exchange.getRequestBody().readAllBytes();
        WriteRequest body;
        try {
            body = WriteRequest.parseFrom(Snappy.uncompress(compressed));
        } catch (IOException e) {
            reply(exchange, new Reply(400, "undecodable: " + e.getMessage(), Map.of()));
            return;
        }
        Reply reply;
        synchronized (this) {
            reply = decide(body);
            requests.add(new Request(System.nanoTime(), Map.copyOf(exchange.getRequestHeaders()), body, reply.status()));
        }
        reply(exchange, reply);
    }

    private Reply decide(WriteRequest body) {
        if (!script.isEmpty()) {
            return script.pollFirst();
        }
        for (Types.TimeSeries series : body.getTimeseriesList()) {
            if (rejectSeries.test(series)) {
                return new Reply(rejectStatus, rejectMessage, Map.of());
            }
        }
        long newest = headEpochMillis;
        for (Types.TimeSeries series : body.getTimeseriesList()) {
            for (long t : timestamps(series)) {
                if (boundsWindowMillis >= 0 && t < headEpochMillis - boundsWindowMillis) {
                    return new Reply(400, "out of bounds", Map.of());
                }
                newest = Math.max(newest, t);
            }
        }
        Map<String, Long> after = new HashMap<>();
        Map<String, List<Long>> added = new LinkedHashMap<>();
        for (Types.TimeSeries series : body.getTimeseriesList()) {
            String key = seriesKey(series);
            long last = after.getOrDefault(key, latest.getOrDefault(key, Long.MIN_VALUE));
            for (long t : timestamps(series)) {
                if (prometheusOrdering && t < last) {
                    // Prometheus 2.42 rolls back the whole request on the first such sample.
                    return new Reply(400, "out of order sample", Map.of());
                }
                if (!prometheusOrdering || t > last) {
                    // An exact duplicate of the latest sample is accepted silently and not stored again.
                    added.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                }
                last = Math.max(last, t);
            }
            after.put(key, last);
        }
        latest.putAll(after);
        headEpochMillis = newest;
        added.forEach((key, timestamps) -> stored.computeIfAbsent(key, k -> new ArrayList<>()).addAll(timestamps));
        return Reply.of(204);
    }

    private static List<Long> timestamps(Types.TimeSeries series) {
        List<Long> timestamps = new ArrayList<>();
        series.getSamplesList().forEach(s -> timestamps.add(s.getTimestamp()));
        series.getHistogramsList().forEach(h -> timestamps.add(h.getTimestamp()));
        return timestamps;
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] text = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), text.length == 0 ? -1 : text.length);
        if (text.length > 0) {
            exchange.getResponseBody().write(text);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
