package io.strata.pipeline.sink.remotewrite;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How remote_write requests authenticate. {@link #toString()} names the kind and the config key
 * of the credential, never its value.
 */
public final class RemoteWriteAuth implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of authentication the sink supports. */
    public enum Kind {
        /** No {@code Authorization} header (or one given in {@code headers}). */
        NONE,
        /** {@code Authorization: Bearer <token>}. */
        BEARER,
        /** {@code Authorization: Basic base64(user:password)}. */
        BASIC,
        /** AWS Signature Version 4 (Amazon Managed Prometheus), credentials from the SDK's default chain. */
        SIGV4
    }

    /** Amazon Managed Prometheus' signing name. */
    public static final String AMP_SERVICE = "aps";

    private final Kind kind;
    private final String bearerToken;
    private final String username;
    private final String password;
    private final String region;
    private final String service;

    private RemoteWriteAuth(Kind kind, String bearerToken, String username, String password) {
        this(kind, bearerToken, username, password, null, null);
    }

    private RemoteWriteAuth(Kind kind, String bearerToken, String username, String password, String region, String service) {
        this.kind = kind;
        this.bearerToken = bearerToken;
        this.username = username;
        this.password = password;
        this.region = region;
        this.service = service;
    }

    public static RemoteWriteAuth none() {
        return new RemoteWriteAuth(Kind.NONE, null, null, null);
    }

    public static RemoteWriteAuth bearer(String token) {
        return new RemoteWriteAuth(Kind.BEARER, Objects.requireNonNull(token, "token"), null, null);
    }

    public static RemoteWriteAuth basic(String username, String password) {
        return new RemoteWriteAuth(Kind.BASIC, null, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"));
    }

    /**
     * SigV4 with the AWS SDK v2's default credential chain (environment, system properties, web
     * identity, profile, container, instance role).
     *
     * @param region e.g. {@code eu-west-1}
     * @param service the signing name, {@value #AMP_SERVICE} for Amazon Managed Prometheus
     */
    public static RemoteWriteAuth sigV4(String region, String service) {
        return new RemoteWriteAuth(Kind.SIGV4, null, null, null, Objects.requireNonNull(region, "region"),
                Objects.requireNonNull(service, "service"));
    }

    public Kind kind() {
        return kind;
    }

    String region() {
        return region;
    }

    String service() {
        return service;
    }

    /** The fixed {@code Authorization} header value, or {@code null} for none (or one signed per request). */
    String authorizationHeader() {
        return switch (kind) {
            case NONE, SIGV4 -> null;
            case BEARER -> "Bearer " + bearerToken;
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** What to check when the receiver answers 401 or 403, naming the config key but not the secret. */
    String credentialHint() {
        return switch (kind) {
            case NONE -> "no credential is configured: set hot.remote-write.auth (bearer-token or basic) or an Authorization header";
            case BEARER -> "check the bearer token (hot.remote-write.auth.bearer-token)";
            case BASIC -> "check the basic auth user '" + username + "' and its password (hot.remote-write.auth.basic)";
            case SIGV4 -> "check the AWS credentials of the default chain (AWS_ACCESS_KEY_ID/AWS_PROFILE/role) and their aps:RemoteWrite"
                    + " permission, and the region '" + region + "' (hot.remote-write.auth.sigv4.region)";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteWriteAuth a && kind == a.kind && Objects.equals(bearerToken, a.bearerToken)
                && Objects.equals(username, a.username) && Objects.equals(password, a.password)
                && Objects.equals(region, a.region) && Objects.equals(service, a.service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, username);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case BEARER -> "bearer(token=***)";
            case BASIC -> "basic(user=" + username + ", password=***)";
            case SIGV4 -> "sigv4(region=" + region + ", service=" + service + ", credentials=default chain)";
        };
    }
}
