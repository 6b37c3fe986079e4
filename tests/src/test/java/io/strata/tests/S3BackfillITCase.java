package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.S3Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata backfill} with an s3:// cold path (S3Mock 5.2.0), through the whole graph and the
 * S3 sink: the same expectations as {@link BackfillITCase}, read back from S3 after each run. The
 * second run replaces the hour's objects, and no multipart upload is left open.
 */
class S3BackfillITCase {

    @TempDir
    Path work;

    @Test
    void backfill_oneHourTwiceToS3_writesThatHourExactlyOnce() throws Exception {
        String kafka = Components.kafkaBootstrap();
        String endpoint = Components.s3Endpoint();
        String topic = "strata-s3-" + BackfillITCase.RUN;
        String prefix = "backfill-" + BackfillITCase.RUN + "/";
        BackfillITCase.produceTwoHours(kafka, topic);
        Path config = work.resolve("strata.yaml");
        Files.writeString(config, String.join("\n",
                "source:", "  kafka:", "    bootstrap-servers: " + kafka, "    topic: " + topic, "    group-id: s3-" + BackfillITCase.RUN,
                "cold:", "  path: s3://" + Components.S3_BUCKET + "/" + prefix,
                "  s3:", "    endpoint: " + endpoint, "    path-style: true", "    region: us-east-1", "    codec: zstd",
                "    staging-dir: " + work.resolve("staging"),
                "    credentials: {provider: static, access-key-id: " + S3Objects.ACCESS_KEY_ID
                        + ", secret-access-key: " + S3Objects.SECRET_ACCESS_KEY + "}",
                "job:", "  checkpoint-interval: 1s", ""));
        String[] backfill = {"backfill", "--config", config.toString(), "--from", "2026-11-26T01:00:00Z", "--to", "2026-11-26T02:00:00Z"};

        try (S3Objects s3 = new S3Objects(endpoint)) {
            AtomicInteger runs = new AtomicInteger();
            BackfillITCase.assertBackfilledTwice(backfill,
                    () -> s3.mirror(Components.S3_BUCKET, prefix, Files.createDirectory(work.resolve("mirror-" + runs.incrementAndGet()))));
            assertThat(s3.openUploads(Components.S3_BUCKET, prefix)).as("open multipart uploads").isEmpty();
        }
    }
}
