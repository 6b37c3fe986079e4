package io.strata.pipeline.sink.remotewrite;

import java.io.Serializable;

/**
 * TLS material of the remote_write client, as PEM files read when the writer starts.
 *
 * @param caFile CA certificates to trust instead of the JDK's, or {@code null}
 * @param certFile client certificate (chain) for mTLS, or {@code null}
 * @param keyFile the client certificate's PKCS#8 private key ({@code BEGIN PRIVATE KEY}), with {@code certFile}
 */
public record RemoteWriteTls(String caFile, String certFile, String keyFile) implements Serializable {

    public RemoteWriteTls {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both certFile and keyFile");
        }
    }
}
