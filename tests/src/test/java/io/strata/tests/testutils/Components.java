package io.strata.tests.testutils;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Where the real components started by {@code scripts/test} listen. Without them an ITCase is
 * skipped, unless {@code STRATA_REQUIRE_IT=1} (set by scripts/test), when it fails instead.
 */
public final class Components {

    private Components() {}

    public static String kafkaBootstrap() {
        return required("STRATA_IT_KAFKA", "a Kafka broker, e.g. scripts/kafka-start");
    }

    /** The plain-HTTP endpoint of kinesis-mock, e.g. {@code http://127.0.0.1:19094}. */
    public static String kinesisEndpoint() {
        return required("STRATA_IT_KINESIS", "a Kinesis-compatible server (kinesis-mock), e.g. scripts/kinesis-start");
    }

    public static String prometheusUrl() {
        return required("STRATA_IT_PROMETHEUS", "Prometheus 2.42, e.g. scripts/prometheus-start");
    }

    /** The plain-HTTP endpoint of S3Mock 5.2.0 with the bucket {@link #S3_BUCKET}, e.g. {@code http://127.0.0.1:19096}. */
    public static String s3Endpoint() {
        return required("STRATA_IT_S3", "an S3-compatible store (S3Mock 5.2.0), e.g. scripts/s3-start");
    }

    /** The bucket scripts/s3-start creates. */
    public static final String S3_BUCKET = "strata-it";

    private static String required(String variable, String what) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            String message = variable + " is not set: this test needs " + what + "; run it through scripts/test";
            if ("1".equals(System.getenv("STRATA_REQUIRE_IT"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return value;
    }
}
