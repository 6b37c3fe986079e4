package io.strata.pipeline.sink.cold.s3;

import java.io.Serializable;
import java.net.URI;

/**
 * A bucket and a key prefix parsed from {@code s3://bucket/prefix}; the prefix is empty or ends
 * with {@code /}, so {@code prefix + "rejected/..."} is a key.
 */
public record S3Location(String bucket, String prefix) implements Serializable {

    public static final String SCHEME = "s3";

    public S3Location {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("an S3 location needs a bucket, e.g. s3://my-bucket/strata");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("an S3 key prefix ends with '/', got " + prefix);
        }
    }

    /** Parses {@code s3://bucket[/prefix[/]]}. */
    public static S3Location parse(String uri) {
        URI u = URI.create(uri);
        if (!SCHEME.equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("expected s3://bucket/prefix, got " + uri);
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+", "");
        if (!path.isEmpty() && !path.endsWith("/")) {
            path = path + "/";
        }
        return new S3Location(u.getHost(), path);
    }

    public static boolean isS3(String uri) {
        return uri != null && uri.startsWith(SCHEME + "://");
    }

    @Override
    public String toString() {
        return SCHEME + "://" + bucket + "/" + prefix;
    }
}
