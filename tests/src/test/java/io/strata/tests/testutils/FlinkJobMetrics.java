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
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** What a job on a Flink cluster reports over REST: its checkpoints, restores and operator metrics. */
public final class FlinkJobMetrics {

    private final URI cluster;
    private final String jobId;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkJobMetrics(String clusterUrl, String jobId) {
        this.cluster = URI.create(clusterUrl + "/");
        this.jobId = jobId;
    }

    public long completedCheckpoints() throws IOException, InterruptedException {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** The largest parallelism of the job's vertices. */
    public int parallelism() throws IOException, InterruptedException {
        int parallelism = 0;
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            parallelism = Math.max(parallelism, vertex.path("parallelism").asInt());
        }
        return parallelism;
    }

    /** How often the job was restored from a checkpoint, e.g. after a TaskManager died. */
    public long restores() throws IOException, InterruptedException {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("restored").asLong();
    }

    /**
     * The largest value now of any operator metric whose name contains {@code nameContains}, over
     * all subtasks of all vertices; empty if no running operator has one.
     */
    public OptionalDouble max(String nameContains) throws IOException, InterruptedException {
        OptionalDouble max = OptionalDouble.empty();
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            String path = "jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            get(path).forEach(metric -> ids.add(metric.path("id").asText()));
            String wanted = ids.stream().filter(id -> id.contains(nameContains))
                    .map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
            if (wanted.isEmpty()) {
                continue;
            }
            for (JsonNode metric : get(path + "?get=" + wanted)) {
                double value = metric.path("value").asDouble(Double.NaN);
                if (!Double.isNaN(value) && (max.isEmpty() || value > max.getAsDouble())) {
                    max = OptionalDouble.of(value);
                }
            }
        }
        return max;
    }

    /** A vertex's lowest input watermark over its subtasks. */
    public record VertexWatermark(String vertex, long watermark) {}

    /**
     * The lowest event-time watermark now at the input of any vertex but the sources (whose input
     * watermark is always the minimum), and the vertex that has it; empty while a vertex has none yet.
     */
    public Optional<VertexWatermark> lowestInputWatermark() throws IOException, InterruptedException {
        Optional<VertexWatermark> lowest = Optional.empty();
        for (JsonNode vertex : get("jobs/" + jobId).path("vertices")) {
            String name = vertex.path("name").asText();
            if (name.startsWith("Source:")) {
                continue;
            }
            for (JsonNode subtask : get("jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/watermarks")) {
                long watermark = subtask.path("value").asLong(Long.MIN_VALUE);
                if (watermark == Long.MIN_VALUE) {
                    return Optional.empty();
                }
                if (lowest.isEmpty() || watermark < lowest.get().watermark()) {
                    lowest = Optional.of(new VertexWatermark(name, watermark));
                }
            }
        }
        return lowest;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(cluster.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink answered " + response.statusCode() + " to " + path + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
