package io.strata.pipeline.sink.remotewrite;

import java.net.URI;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs remote_write requests with AWS Signature Version 4 (AWS SDK v2's {@link AwsV4HttpSigner}),
 * credentials from the default chain, resolved (and cached, refreshed by the SDK) per request.
 * Thread-safe.
 */
final class SigV4RequestSigner {

    /** The headers SigV4 adds; {@code Host} is set by the JDK client from the same URL. */
    private static final List<String> SIGNED_HEADERS = List.of("Authorization", "X-Amz-Date", "X-Amz-Security-Token",
            "x-amz-content-sha256");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final String region;
    private final String service;

    SigV4RequestSigner(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /** The headers to add to a POST of {@code body} to {@code url} with {@code headers} (those that are signed). */
    Map<String, String> sign(URI url, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.POST);
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, String> added = new java.util.LinkedHashMap<>();
        for (String name : SIGNED_HEADERS) {
            signed.request().firstMatchingHeader(name).ifPresent(value -> added.put(name, value));
        }
        return added;
    }
}
