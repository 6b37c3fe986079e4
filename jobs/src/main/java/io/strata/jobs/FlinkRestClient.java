package io.strata.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * The few calls of Flink's REST API (1.20) that submitting and operating Strata needs: upload
 * and run a jar, list jobs, trigger a savepoint, stop with a savepoint. Works against any
 * Flink 1.20 session cluster.
 */
public final class FlinkRestClient {

    private static final Duration OPERATION_TIMEOUT = Duration.ofMinutes(10);
    /** Flink's {@code CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING}, as a failure's stack trace says it. */
    private static final String NOT_ALL_TASKS_RUNNING = "Not all required tasks are currently running";
    private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "CANCELED", "FAILED");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkRestClient(URI base) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    }

    /** One job as the cluster lists it. */
    public record JobOverview(String id, String name, String state, long startTimeEpochMillis) {}

    /** Uploads a job jar; returns the id to run it by. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "strata-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(base.resolve("jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String filename = answer.path("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * Runs an uploaded jar; returns the job id.
     *
     * @param savepointPath the savepoint to restore, or {@code null} to start fresh
     */
    public String runJar(String jarId, String entryClass, List<String> args, String savepointPath)
            throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("entryClass", entryClass);
        request.putArray("programArgsList").addAll(args.stream().map(json.getNodeFactory()::textNode).toList());
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath).put("allowNonRestoredState", false);
        }
        return send(post("jars/" + jarId + "/run", request)).path("jobid").asText();
    }

    public List<JobOverview> jobs() throws IOException, InterruptedException {
        JsonNode jobs = send(HttpRequest.newBuilder(base.resolve("jobs/overview")).GET()).path("jobs");
        return StreamSupport.stream(jobs.spliterator(), false)
                .map(j -> new JobOverview(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                        j.path("start-time").asLong()))
                .toList();
    }

    /** Takes a canonical savepoint of a running job and waits for it; returns its location. */
    public String savepoint(String jobId, String targetDirectory) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("cancel-job", false).put("formatType", "CANONICAL");
        if (targetDirectory != null) {
            request.put("target-directory", targetDirectory);
        }
        return onceRunning(jobId, () -> send(post("jobs/" + jobId + "/savepoints", request)).path("request-id").asText());
    }

    /**
     * Stops a job with a final savepoint and waits for it; returns its location.
     *
     * @param drain emit the end-of-time watermark first, firing every open window (for a job
     *     that will not be resumed), rather than keeping the windows in the savepoint
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, boolean drain) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("drain", drain).put("formatType", "CANONICAL");
        if (targetDirectory != null) {
            request.put("targetDirectory", targetDirectory);
        }
        return onceRunning(jobId, () -> send(post("jobs/" + jobId + "/stop", request)).path("request-id").asText());
    }

    /** Starts a savepoint operation; returns its trigger id. */
    @FunctionalInterface
    private interface Trigger {
        String start() throws IOException, InterruptedException;
    }

    /**
     * Runs {@code trigger} once every task of the job is running, and again if the cluster answers
     * that not all are (a job restarting after a failure refuses savepoints until it runs again).
     */
    private String onceRunning(String jobId, Trigger trigger) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + OPERATION_TIMEOUT.toNanos();
        while (true) {
            awaitAllTasksRunning(jobId, deadline);
            try {
                return awaitSavepoint(jobId, trigger.start(), deadline);
            } catch (TasksNotRunningException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                System.err.println("job " + jobId + " is not running every task (restarting?); retrying the savepoint once it is");
            }
        }
    }

    private void awaitAllTasksRunning(String jobId, long deadline) throws IOException, InterruptedException {
        while (true) {
            JsonNode job = send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId)).GET());
            String state = job.path("state").asText();
            if (TERMINAL_STATES.contains(state)) {
                throw new IOException("job " + jobId + " is " + state + ": there is nothing to take a savepoint of");
            }
            boolean allRunning = "RUNNING".equals(state) && job.path("vertices").size() > 0
                    && StreamSupport.stream(job.path("vertices").spliterator(), false)
                            .allMatch(v -> "RUNNING".equals(v.path("status").asText()));
            if (allRunning) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("job " + jobId + " did not have every task running within " + OPERATION_TIMEOUT
                        + " (state " + state + ")");
            }
            Thread.sleep(250);
        }
    }

    private String awaitSavepoint(String jobId, String trigger, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            JsonNode status = send(HttpRequest.newBuilder(base.resolve("jobs/" + jobId + "/savepoints/" + trigger)).GET());
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                String stackTrace = operation.path("failure-cause").path("stack-trace").asText();
                String message = "savepoint of job " + jobId + " failed: " + failureCause(stackTrace);
                throw stackTrace.contains(NOT_ALL_TASKS_RUNNING) ? new TasksNotRunningException(message) : new IOException(message);
            }
            // The cluster offers no push notification for savepoints: poll.
            Thread.sleep(250);
        }
        throw new IOException("savepoint of job " + jobId + " did not complete within " + OPERATION_TIMEOUT);
    }

    /** A savepoint refused because not every task was running: worth another try once they are. */
    private static final class TasksNotRunningException extends IOException {
        TasksNotRunningException(String message) {
            super(message);
        }
    }

    /** The first line of a failure's stack trace and, when there is one, its root cause's. */
    static String failureCause(String stackTrace) {
        List<String> lines = stackTrace.lines().toList();
        if (lines.isEmpty()) {
            return "(no cause given)";
        }
        String root = lines.stream().filter(line -> line.startsWith("Caused by: ")).reduce((first, last) -> last).orElse(null);
        return root == null ? lines.get(0) : lines.get(0) + " (root cause: " + root.substring("Caused by: ".length()) + ")";
    }

    private HttpRequest.Builder post(String path, JsonNode body) throws IOException {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("no Flink cluster answers at " + base + ": start one (scripts/flink-cluster-start) or pass --cluster URL", e);
        }
        JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException("Flink answered " + response.statusCode() + " to " + request.build().uri().getPath() + ": "
                    + body.path("errors").toString());
        }
        return body;
    }
}
