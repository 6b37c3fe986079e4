package io.strata.tests;

import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.KinesisStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata backfill} over a real Kinesis-compatible stream (kinesis-mock, 2 shards): the same
 * two hours as {@link BackfillITCase}, one hour backfilled twice from AT_TIMESTAMP, with the same
 * expectations: that hour written exactly once, counter steps from before the hour included.
 */
class KinesisBackfillITCase {

    @TempDir
    Path work;

    @Test
    void backfill_oneHourTwice_writesThatHourExactlyOnce() throws Exception {
        String endpoint = Components.kinesisEndpoint();
        String stream = "strata-" + BackfillITCase.RUN + "-kinesis";
        try (KinesisStreams kinesis = new KinesisStreams(endpoint)) {
            kinesis.create(stream, 2);
            for (int tick = 0; tick < BackfillITCase.TICKS; tick++) {
                for (int host = 0; host < BackfillITCase.FLEET.hosts(); host++) {
                    kinesis.put(stream, BackfillITCase.FLEET.host(host), KinesisStreams.hashKeyInRange(host % 2, 2),
                            BackfillITCase.FLEET.frame(host, tick));
                }
            }
        }
        Path cold = work.resolve("cold");
        Path config = work.resolve("strata.yaml");
        Files.writeString(config, String.join("\n",
                "source:", "  kinesis:", "    stream-arn: " + KinesisStreams.arn(stream), "    region: " + KinesisStreams.REGION,
                "    endpoint: " + endpoint, "    credentials:", "      provider: static",
                "      access-key-id: " + KinesisStreams.ACCESS_KEY_ID, "      secret-access-key: " + KinesisStreams.SECRET_ACCESS_KEY,
                "cold:", "  path: " + cold, "job:", "  checkpoint-interval: 1s", ""));
        // Records arrived just now, so AT_TIMESTAMP (the hour minus the lead) finds them all; the
        // hour is then picked out by the samples' own time.
        BackfillITCase.assertBackfilledTwice(new String[] {"backfill", "--config", config.toString(),
                "--from", "2026-11-26T01:00:00Z", "--to", "2026-11-26T02:00:00Z", "--settle-seconds", "5"}, cold);
    }
}
