package io.strata.pipeline.sink.remotewrite;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Sends remote_write request bodies with the configured headers, credentials and TLS. Thread-safe. */
final class RemoteWriteHttp {

    static final String TENANT_HEADER = "X-Scope-OrgID";
    static final String USER_AGENT = "strata-remote-write/0.1";

    private final RemoteWriteSettings settings;
    private final HttpClient client;
    private final String authorization;
    private final SigV4RequestSigner sigV4;

    private RemoteWriteHttp(RemoteWriteSettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
        this.authorization = settings.auth().authorizationHeader();
        RemoteWriteAuth auth = settings.auth();
        this.sigV4 = auth.kind() == RemoteWriteAuth.Kind.SIGV4 ? new SigV4RequestSigner(auth.region(), auth.service()) : null;
    }

    static RemoteWriteHttp create(RemoteWriteSettings settings) throws IOException {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        if ("http".equals(settings.url().getScheme())) {
            // No h2c upgrade attempt on every new connection: remote_write receivers speak HTTP/1.1 in clear.
            client.version(HttpClient.Version.HTTP_1_1);
        }
        if (settings.tls() != null) {
            client.sslContext(sslContext(settings.tls()));
        }
        return new RemoteWriteHttp(settings, client.build());
    }

    /** Posts one snappy-compressed {@code WriteRequest}; completes with the answer or the I/O error. */
    CompletableFuture<HttpResponse<String>> send(byte[] body, String tenant) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("Content-Encoding", "snappy");
        headers.put("X-Prometheus-Remote-Write-Version", "0.1.0");
        headers.put("User-Agent", USER_AGENT);
        headers.putAll(settings.headers());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (settings.sendTenantHeader() && !tenant.isEmpty()) {
            headers.put(TENANT_HEADER, tenant);
        }
        if (sigV4 != null) {
            try {
                // Signed per attempt: the signature covers the time, and a retry may come minutes later.
                headers.putAll(sigV4.sign(settings.url(), headers, body));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(new CredentialsUnavailableException(e));
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext sslContext(RemoteWriteTls tls) throws IOException {
        try {
            TrustManagerFactory trust = null;
            if (tls.caFile() != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(tls.caFile())) {
                    trusted.setCertificateEntry("ca-" + i++, ca);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
            }
            KeyManagerFactory keys = null;
            if (tls.certFile() != null) {
                char[] password = new char[0];
                KeyStore client = KeyStore.getInstance("PKCS12");
                client.load(null, null);
                client.setKeyEntry("client", privateKey(tls.keyFile()), password,
                        certificates(tls.certFile()).toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for remote_write from " + tls + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String pemFile) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(pemFile))) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException(pemFile + " holds no PEM certificate");
            }
            return certificates;
        }
    }

    /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
    private static PrivateKey privateKey(String pemFile) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(pemFile));
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(pemFile + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem`");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IOException(pemFile + " holds neither an RSA nor an EC key", last);
    }

    /** SigV4 could not sign: no credentials in the default chain, or they could not be refreshed. */
    static final class CredentialsUnavailableException extends RuntimeException {
        CredentialsUnavailableException(Throwable cause) {
            super("cannot sign with SigV4: " + cause.getMessage(), cause);
        }
    }
}
