package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.strata.pipeline.testutils.TestSeries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer over HTTPS to a JDK HttpsServer on 127.0.0.1 that demands a client certificate:
 * server and client key pairs made by the JDK's keytool, the server's self-signed certificate as
 * the custom CA, the client's certificate and PKCS#8 key as PEM files.
 */
class RemoteWriteTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final TestSeries SERIES = TestSeries.of("__name__", "gameplay_ticks_total", "job", "gs");

    @TempDir
    Path dir;

    private HttpsServer server;
    private final List<String> clientSubjects = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        KeyStore serverKeys = keyPair("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        KeyStore clientKeys = keyPair("client", "CN=strata", null);
        writePem(dir.resolve("ca.pem"), "CERTIFICATE", serverKeys.getCertificate("server").getEncoded());
        writePem(dir.resolve("client.pem"), "CERTIFICATE", clientKeys.getCertificate("client").getEncoded());
        writePem(dir.resolve("client-key.pem"), "PRIVATE KEY", clientKeys.getKey("client", PASSWORD).getEncoded());

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", clientKeys.getCertificate("client"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverKeys, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // The server applies SSLParameters, not the bare flag.
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.createContext("/api/v1/write", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            clientSubjects.add(((java.security.cert.X509Certificate) peer[0]).getSubjectX500Principal().getName());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void flush_customCaAndClientCertificate_delivered() throws Exception {
        RemoteWriteSinkWriter writer = writer(new RemoteWriteTls(dir.resolve("ca.pem").toString(),
                dir.resolve("client.pem").toString(), dir.resolve("client-key.pem").toString()));

        writer.write(SERIES.counter(T0, 1), null);
        writer.flush(false);

        assertThat(clientSubjects).containsExactly("CN=strata");
    }

    @Test
    void flush_customCaWithoutClientCertificate_refusedByTheServer() throws Exception {
        RemoteWriteSinkWriter writer = writer(new RemoteWriteTls(dir.resolve("ca.pem").toString(), null, null));

        writer.write(SERIES.counter(T0, 1), null);

        assertThatThrownBy(() -> writer.flush(false)).rootCause().hasMessageContaining("no answer");
        assertThat(clientSubjects).isEmpty();
    }

    private RemoteWriteSinkWriter writer(RemoteWriteTls tls) throws IOException {
        URI url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
        RemoteWriteSettings settings = RemoteWriteSettings.builder(url).setTls(tls).setMaxRetries(0)
                .setRequestTimeout(Duration.ofSeconds(10)).build();
        return new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings),
                new RemoteWriteMetrics(UnregisteredMetricsGroup.createOperatorMetricGroup()),
                new MailboxExecutorImpl(new TaskMailboxImpl(Thread.currentThread()), 0, StreamTaskActionExecutor.IMMEDIATE),
                new TestProcessingTimeService(), List.of(), false);
    }

    /** An EC key pair with a self-signed certificate, made by the JDK's keytool. */
    private KeyStore keyPair(String alias, String dname, String extension) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as("keytool: %s", output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        return keys;
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n");
    }
}
