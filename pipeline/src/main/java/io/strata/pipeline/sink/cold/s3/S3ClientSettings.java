package io.strata.pipeline.sink.cold.s3;

import java.io.Serializable;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How to reach S3 or an S3-compatible store with AWS SDK v2. Unset values fall back to the SDK's
 * defaults: the region and the credentials from the default provider chains (environment, profile,
 * web identity, container and instance roles). Static keys are meant for tests against S3Mock.
 * {@link #toString()} never shows the secret key.
 *
 * @param endpoint e.g. {@code http://127.0.0.1:19096}; null for AWS' own endpoints
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}, as most
 *     S3-compatible stores need
 * @param region e.g. {@code eu-west-1}; null for the SDK's region chain
 * @param accessKeyId null for the default credential chain
 * @param secretAccessKey null for the default credential chain
 * @param sseKmsKeyId objects are encrypted with this KMS key (SSE-KMS) if set; null for the bucket default
 */
public record S3ClientSettings(
        URI endpoint, boolean pathStyle, String region, String accessKeyId, String secretAccessKey, String sseKmsKeyId)
        implements Serializable {

    public S3ClientSettings {
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("static S3 credentials need both an access key id and a secret access key");
        }
    }

    /** AWS S3 with the SDK's region and credential chains. */
    public static S3ClientSettings defaults() {
        return new S3ClientSettings(null, false, null, null, null, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public S3Client newClient() {
        S3ClientBuilder b = S3Client.builder().forcePathStyle(pathStyle).credentialsProvider(credentials());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        return b.build();
    }

    private AwsCredentialsProvider credentials() {
        if (accessKeyId != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public String toString() {
        return "S3ClientSettings[endpoint=" + (endpoint == null ? "aws" : endpoint) + ", pathStyle=" + pathStyle
                + ", region=" + (region == null ? "default chain" : region)
                + ", credentials=" + (accessKeyId == null ? "default chain" : "static " + accessKeyId + "/<redacted>")
                + ", sseKmsKeyId=" + (sseKmsKeyId == null ? "none" : sseKmsKeyId) + "]";
    }

    /** Builds {@link S3ClientSettings}; every setting is optional. */
    public static final class Builder {
        private URI endpoint;
        private boolean pathStyle;
        private String region;
        private String accessKeyId;
        private String secretAccessKey;
        private String sseKmsKeyId;

        private Builder() {}

        public Builder setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        public Builder setRegion(String region) {
            this.region = region;
            return this;
        }

        public Builder setStaticCredentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        public Builder setSseKmsKeyId(String sseKmsKeyId) {
            this.sseKmsKeyId = sseKmsKeyId;
            return this;
        }

        public S3ClientSettings build() {
            return new S3ClientSettings(endpoint, pathStyle, region, accessKeyId, secretAccessKey, sseKmsKeyId);
        }
    }
}
