package io.strata.pipeline.decode;

import io.strata.operators.policy.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decides the tenant of a stream record from the bytes a producer chose ({@code X-Scope-OrgID},
 * or a Kinesis partition key's prefix): none means the source's default tenant; otherwise it must
 * be a tenant name Mimir accepts (at most {@value #MAX_LENGTH} characters of {@code a-z A-Z 0-9}
 * and {@code !-_.*'()}, not {@code .} or {@code ..}) and, when {@code source.tenants} is set, on
 * that list. A tenant name reaches HTTP headers, metric labels, state keys and file paths, so
 * nothing else passes.
 */
public final class TenantNames {

    /** Mimir's limit on a tenant ID. */
    public static final int MAX_LENGTH = 150;

    /** The tenant of rows about a record whose tenant name could not be used. */
    public static final String INVALID_TENANT = "__invalid__";

    private TenantNames() {}

    /** A tenant name, or the reason (and a detail that never echoes the raw bytes) a record is rejected. */
    public record Verdict(String tenant, RejectReason reason, String detail) {
        public boolean rejected() {
            return reason != null;
        }
    }

    /** The tenant named by {@code raw}, {@code defaultTenant} for none, or why the record is rejected. */
    public static Verdict resolve(byte[] raw, String defaultTenant, Set<String> allowed) {
        if (raw == null || raw.length == 0) {
            return new Verdict(defaultTenant, null, null);
        }
        String problem = problem(raw);
        if (problem != null) {
            return new Verdict(INVALID_TENANT, RejectReason.INVALID_TENANT, problem);
        }
        String tenant = new String(raw, StandardCharsets.US_ASCII);
        if (!allowed.isEmpty() && !allowed.contains(tenant)) {
            return new Verdict(tenant, RejectReason.UNKNOWN_TENANT, "tenant '" + tenant + "' is not in source.tenants");
        }
        return new Verdict(tenant, null, null);
    }

    /** What is wrong with a tenant name, or {@code null}; describes by position, never echoing the bytes. */
    public static String problem(byte[] raw) {
        if (raw.length == 0) {
            return "empty tenant name";
        }
        if (raw.length > MAX_LENGTH) {
            return "tenant name of " + raw.length + " bytes, limit " + MAX_LENGTH;
        }
        for (int i = 0; i < raw.length; i++) {
            if (!allowedChar(raw[i])) {
                return String.format("tenant name has byte 0x%02x at position %d; allowed: a-z A-Z 0-9 !-_.*'()", raw[i] & 0xff, i);
            }
        }
        if ((raw.length == 1 && raw[0] == '.') || (raw.length == 2 && raw[0] == '.' && raw[1] == '.')) {
            return "tenant name '.' or '..'";
        }
        return null;
    }

    /** {@link #problem(byte[])} of a configured name. */
    public static String problem(String name) {
        return problem(name.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean allowedChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '!' || c == '-' || c == '_' || c == '.' || c == '*' || c == '\'' || c == '(' || c == ')';
    }
}
