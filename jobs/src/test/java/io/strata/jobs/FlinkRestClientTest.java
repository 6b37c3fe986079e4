package io.strata.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlinkRestClientTest {

    private static final String JOB = "9363416a320055c8225f805a44c0d20d";
    private static final String NOT_ALL_RUNNING = "java.util.concurrent.CompletionException: "
            + "org.apache.flink.runtime.checkpoint.CheckpointException: Not all required tasks are currently running.\\n"
            + "\\tat x.y(Z.java:1)\\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: "
            + "Not all required tasks are currently running.";

    private HttpServer cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.stop(0);
        }
    }

    @Test
    void stopWithSavepoint_jobRestartingThenRefusing_waitsForItsTasksAndTriesAgain() throws Exception {
        // The job is still restarting for two polls; the first stop is refused as Flink refuses a
        // job whose tasks are not all running; the second completes.
        AtomicInteger statusPolls = new AtomicInteger();
        AtomicInteger stops = new AtomicInteger();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        FlinkRestClient client = clusterAnswering(exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(exchange.getRequestMethod() + " " + path);
            if (path.equals("/jobs/" + JOB)) {
                return statusPolls.incrementAndGet() <= 2
                        ? "{\"state\":\"RESTARTING\",\"vertices\":[{\"status\":\"CANCELING\"}]}"
                        : "{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"},{\"status\":\"RUNNING\"}]}";
            }
            if (path.equals("/jobs/" + JOB + "/stop")) {
                return "{\"request-id\":\"trigger-" + stops.incrementAndGet() + "\"}";
            }
            if (path.endsWith("/savepoints/trigger-1")) {
                return "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"stack-trace\":\""
                        + NOT_ALL_RUNNING + "\"}}}";
            }
            return "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/savepoints/savepoint-1\"}}";
        });

        assertThat(client.stopWithSavepoint(JOB, null, true)).isEqualTo("file:/savepoints/savepoint-1");
        assertThat(stops).hasValue(2);
        assertThat(calls.subList(0, 3)).containsOnly("GET /jobs/" + JOB);
    }

    @Test
    void stopWithSavepoint_otherFailure_namesItsRootCauseWithoutRetrying() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        FlinkRestClient client = clusterAnswering(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/jobs/" + JOB)) {
                return "{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"}]}";
            }
            if (path.endsWith("/stop")) {
                return "{\"request-id\":\"trigger-" + stops.incrementAndGet() + "\"}";
            }
            return "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":{\"stack-trace\":\""
                    + "java.util.concurrent.CompletionException: Task has failed.\\n\\tat x.y(Z.java:1)\\n"
                    + "Caused by: java.io.IOException: receiver answered 500\"}}}";
        });

        assertThatThrownBy(() -> client.stopWithSavepoint(JOB, null, true))
                .isInstanceOf(IOException.class)
                .hasMessage("savepoint of job " + JOB + " failed: java.util.concurrent.CompletionException: Task has failed."
                        + " (root cause: java.io.IOException: receiver answered 500)");
        assertThat(stops).hasValue(1);
    }

    @Test
    void savepoint_finishedJob_saysThereIsNothingToSave() throws Exception {
        FlinkRestClient client = clusterAnswering(exchange -> "{\"state\":\"FINISHED\",\"vertices\":[]}");

        assertThatThrownBy(() -> client.savepoint(JOB, null))
                .hasMessage("job " + JOB + " is FINISHED: there is nothing to take a savepoint of");
    }

    @Test
    void failureCause_singleLineOrNone_isThatLineOrSaysSo() {
        assertThat(FlinkRestClient.failureCause("java.lang.IllegalStateException: no")).isEqualTo("java.lang.IllegalStateException: no");
        assertThat(FlinkRestClient.failureCause("")).isEqualTo("(no cause given)");
    }

    /** A stand-in for a Flink 1.20 REST endpoint on loopback, answering each call with {@code answer}'s JSON. */
    private FlinkRestClient clusterAnswering(Answer answer) throws IOException {
        cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cluster.createContext("/", exchange -> {
            byte[] body = answer.json(exchange).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        cluster.start();
        return new FlinkRestClient(URI.create("http://127.0.0.1:" + cluster.getAddress().getPort()));
    }

    @FunctionalInterface
    private interface Answer {
        String json(HttpExchange exchange) throws IOException;
    }
}
