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

    private static String format(JsonNode metric) {
        TreeMap<String, String> labels = new TreeMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String name = labels.remove("__name__");
        StringBuilder out = new StringBuilder(name == null ? "" : name).append('{');
        labels.forEach((k, v) -> out.append(out.charAt(out.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return out.append('}').toString();
    }
}
