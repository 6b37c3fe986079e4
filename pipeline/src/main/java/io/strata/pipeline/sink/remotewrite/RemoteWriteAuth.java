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
        BASIC
    }

    private final Kind kind;
    private final String bearerToken;
    private final String username;
    private final String password;

    private RemoteWriteAuth(Kind kind, String bearerToken, String username, String password) {
        this.kind = kind;
        this.bearerToken = bearerToken;
        this.username = username;
        this.password = password;
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

    public Kind kind() {
        return kind;
    }

    /** The {@code Authorization} header value, or {@code null} for none. */
    String authorizationHeader() {
        return switch (kind) {
            case NONE -> null;
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
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteWriteAuth a && kind == a.kind && Objects.equals(bearerToken, a.bearerToken)
                && Objects.equals(username, a.username) && Objects.equals(password, a.password);
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
        };
    }
}
