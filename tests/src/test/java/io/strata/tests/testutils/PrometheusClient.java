package io.strata.tests.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads back what a real Prometheus stored, through its HTTP API. */
public final class PrometheusClient {

    /** One stored sample. */
    public record Point(long timestampEpochMillis, double value) {}

    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public PrometheusClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String writeUrl() {
        return baseUrl + "/api/v1/write";
    }

    /** Sends one snappy-compressed remote_write frame; throws unless Prometheus answers 2xx. */
    public void write(byte[] frame) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(writeUrl()))
                        .header("Content-Encoding", "snappy")
                        .header("Content-Type", "application/x-protobuf")
                        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(frame))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Prometheus answered " + response.statusCode() + " to remote_write: " + response.body());
        }
    }

    /**
     * Every raw sample of every series matching {@code selector} within {@code lookback} of
     * {@code atEpochMillis}, keyed by the series' labels in PromQL notation.
     */
    public Map<String, List<Point>> samples(String selector, String lookback, long atEpochMillis) throws IOException, InterruptedException {
        JsonNode result = query(selector + "[" + lookback + "]", atEpochMillis);
        Map<String, List<Point>> series = new TreeMap<>();
        for (JsonNode s : result) {
            List<Point> points = new ArrayList<>();
            for (JsonNode v : s.get("values")) {
                points.add(new Point(Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())));
            }
            series.put(format(s.get("metric")), points);
        }
        return series;
    }

    /** The values of label {@code name} across all series. */
    public List<String> labelValues(String name) throws IOException, InterruptedException {
        JsonNode data = get("/api/v1/label/" + name + "/values");
        List<String> values = new ArrayList<>();
        data.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * The values of {@code promql} evaluated every {@code stepMillis} from {@code startEpochMillis}
     * to {@code endEpochMillis}: per series (labels in PromQL notation), evaluation time → value.
     */
    public Map<String, Map<Long, Double>> queryRange(String promql, long startEpochMillis, long endEpochMillis, long stepMillis)
            throws IOException, InterruptedException {
        JsonNode result = get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (startEpochMillis / 1000.0) + "&end=" + (endEpochMillis / 1000.0) + "&step=" + (stepMillis / 1000.0))
                .get("result");
        Map<String, Map<Long, Double>> series = new TreeMap<>();
        for (JsonNode s : result) {
            Map<Long, Double> points = new TreeMap<>();
            for (JsonNode v : s.get("values")) {
                points.put(Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText()));
            }
            series.put(format(s.get("metric")), points);
        }
        return series;
    }

    public JsonNode query(String promql, long atEpochMillis) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&time=" + (atEpochMillis / 1000.0))
                .get("result");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException("Prometheus answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return body.get("data");
    }

    /** Labels in PromQL notation, sorted by name: {@code name{a="1",b="2"}}. */
    public static String format(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        String name = sorted.remove("__name__");
        StringBuilder out = new StringBuilder(name == null ? "" : name).append('{');
        sorted.forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return out.append('}').toString();
    }

    private static String format(JsonNode metric) {
        TreeMap<String, String> labels = new TreeMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return format(labels);
    }
}
