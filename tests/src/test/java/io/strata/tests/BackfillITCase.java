package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.StrataCli;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.HostTicks;
import io.strata.tests.testutils.KafkaTopics;
import io.strata.tests.testutils.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strata backfill} on a real Kafka broker: two hours of data, one hour backfilled, twice.
 * Only that hour's partitions are written, each window exactly once, with counter increases that
 * include the step from the last sample before the hour; the second run replaces the first.
 */
class BackfillITCase {

    static final String RUN = "bf-" + UUID.randomUUID().toString().substring(0, 8);
    /** 2026-11-26T00:00:00Z; the backfill covers [01:00, 02:00). */
    private static final long T0 = 1_795_651_200_000L;
    private static final long HOUR = 3_600_000L;
    static final HostTicks FLEET = new HostTicks(RUN, 2, T0);
    /** Two hours of 10 s ticks; hour 01 holds ticks 360..719 (a tick is at :05, :15, ...). */
    static final int TICKS = 720;

    @TempDir
    Path work;

    @Test
    void backfill_oneHourTwice_writesThatHourExactlyOnce() throws Exception {
        String kafka = Components.kafkaBootstrap();
        String topic = "strata-" + RUN;
        produceTwoHours(kafka, topic);
        Path cold = work.resolve("cold");
        Path config = work.resolve("strata.yaml");
        Files.writeString(config, String.join("\n",
                "source:", "  kafka:", "    bootstrap-servers: " + kafka, "    topic: " + topic, "    group-id: " + RUN,
                "cold:", "  path: " + cold, "job:", "  checkpoint-interval: 1s", ""));
        String[] backfill = {"backfill", "--config", config.toString(), "--from", "2026-11-26T01:00:00Z", "--to", "2026-11-26T02:00:00Z"};

        assertBackfilledTwice(backfill, cold);
    }

    /** Two hours of {@link #FLEET}'s frames on a new topic, each record stamped with its samples' time. */
    static void produceTwoHours(String kafka, String topic) throws Exception {
        KafkaTopics.create(kafka, topic, 2);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTopics.producer(kafka)) {
            for (int tick = 0; tick < TICKS; tick++) {
                for (int host = 0; host < FLEET.hosts(); host++) {
                    // Producers stamp records with the time of their samples.
                    sent.add(producer.send(new ProducerRecord<>(topic, host % 2, FLEET.timestamp(tick), null, FLEET.frame(host, tick))));
                }
            }
        }
        for (Future<RecordMetadata> record : sent) {
            record.get(); // a lost frame fails here, not as a shortfall in the backfilled rows
        }
    }

    /** Runs {@code backfill} twice and checks that hour 01 of {@link #FLEET} was written, exactly once. */
    static void assertBackfilledTwice(String[] backfill, Path cold) throws Exception {
        assertBackfilledTwice(backfill, () -> cold);
    }

    /** As above, for a cold output that {@code readCold} copies to a local directory after each run (e.g. from S3). */
    static void assertBackfilledTwice(String[] backfill, Callable<Path> readCold) throws Exception {
        assertThat(new CommandLine(new StrataCli()).execute(backfill)).isZero();
        Map<String, Long> first = rowsPerSeriesAndWindow(readCold.call());
        assertThat(new CommandLine(new StrataCli()).execute(backfill)).isZero();
        Path cold = readCold.call();
        Map<String, Long> second = rowsPerSeriesAndWindow(cold);

        assertThat(second).isEqualTo(first);
        assertThat(second.values()).containsOnly(1L);
        // Per series: 60 1m windows, 12 5m windows and 1 1h window, all of hour 01, no revision beyond 0.
        assertThat(second).hasSize(2 * 2 * (60 + 12 + 1));
        assertThat(Files.list(cold.resolve("resolution=1m")).toList()).hasSize(1);
        List<GenericRecord> rows = rows(cold);
        assertThat(rows).allSatisfy(r -> {
            assertThat((Long) r.get("window_start")).isBetween(T0 + HOUR, T0 + 2 * HOUR - 1);
            assertThat(r.get("revision")).isEqualTo(0);
        });
        // The counter's value at tick t is t(t+1)/2: the hour's steps add up to value(719) − value(359).
        Map<String, Double> increase1m = rows.stream()
                .filter(r -> r.get("metric").toString().equals("it_ops_total") && r.get("resolution").toString().equals("1m"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString(), Collectors.summingDouble(r -> (Double) r.get("increase"))));
        assertThat(increase1m.values()).containsOnly(counter(TICKS - 1) - counter(359));
        assertThat(rows).filteredOn(r -> r.get("resolution").toString().equals("1h") && r.get("metric").toString().equals("it_ops_total"))
                .extracting(r -> r.get("increase")).containsOnly(counter(TICKS - 1) - counter(359));
    }

    private static double counter(int tick) {
        return tick * (tick + 1) / 2.0;
    }

    private static List<GenericRecord> rows(Path cold) throws Exception {
        List<GenericRecord> rows = new java.util.ArrayList<>();
        for (String resolution : List.of("1m", "5m", "1h")) {
            rows.addAll(ParquetFiles.rows(cold.resolve("resolution=" + resolution)));
        }
        return rows;
    }

    private static Map<String, Long> rowsPerSeriesAndWindow(Path cold) throws Exception {
        return rows(cold).stream().collect(Collectors.groupingBy(
                r -> r.get("series_id") + "/" + r.get("resolution") + "@" + r.get("window_start") + "#" + r.get("revision"),
                Collectors.counting()));
    }
}
