package io.strata.tests.testutils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Prometheus of a test's own, started and stopped by {@code scripts/prometheus-start|stop} in
 * {@code runDir} on a free port: for backlogs hours old, which the suite's shared Prometheus,
 * holding newer samples, would refuse as out of bounds.
 */
public final class PrometheusProcess {

    private final Path runDir;
    private final int port;

    private PrometheusProcess(Path runDir, int port) {
        this.runDir = runDir;
        this.port = port;
    }

    /** Starts one with an empty TSDB under {@code runDir}/prometheus. */
    public static PrometheusProcess start(Path runDir) throws IOException, InterruptedException {
        PrometheusProcess prometheus = new PrometheusProcess(runDir, freePort());
        prometheus.run("prometheus-start", false);
        return prometheus;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void stop() throws IOException, InterruptedException {
        run("prometheus-stop", false);
    }

    /** Starts it again on the same port, keeping what it stored. */
    public void restartKeepingData() throws IOException, InterruptedException {
        run("prometheus-start", true);
    }

    private void run(String script, boolean keepData) throws IOException, InterruptedException {
        Map<String, String> environment = new HashMap<>(Map.of(
                "STRATA_RUN_DIR", runDir.toString(), "STRATA_PROMETHEUS_PORT", Integer.toString(port)));
        if (keepData) {
            environment.put("STRATA_PROMETHEUS_KEEP_DATA", "1");
        }
        Scripts.run(script, environment);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
