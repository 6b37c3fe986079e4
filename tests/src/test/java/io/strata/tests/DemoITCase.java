package io.strata.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.StrataCli;
import io.strata.tests.testutils.Components;
import io.strata.tests.testutils.ParquetFiles;
import io.strata.tests.testutils.PrometheusClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code strata demo}, the README's main command, run as a user would, on a real Prometheus. */
class DemoITCase {

    @TempDir
    Path output;

    @Test
    void demo_smallRun_writesConsistentRollupsAndPrintsSummary() throws Exception {
        String prometheus = Components.prometheusUrl();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new StrataCli()).execute(
                    "demo", "--prometheus", prometheus, "--hosts", "10", "--minutes", "4", "--output", output.toString());
        } finally {
            System.setOut(original);
        }
        String summary = printed.toString(StandardCharsets.UTF_8);
        original.println(summary);

        assertThat(exit).isZero();
        assertThat(summary).contains("samples read", "forbidden_label", "label_not_allowed", "summary_not_supported", "host_series_limit",
                "remote_write samples sent", "histogram_quantile(0.95");

        // gameplay_ticks_total grows by 600 per 10 s tick: its 1m increases must add up to
        // (samples − 1) × 600 per host, except host 1, which restarts halfway.
        List<GenericRecord> rollups = ParquetFiles.rows(output.resolve("resolution=1m"));
        Map<String, List<GenericRecord>> ticksByHost = rollups.stream()
                .filter(r -> r.get("metric").toString().equals("gameplay_ticks_total"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString()));
        assertThat(ticksByHost).hasSize(10);
        ticksByHost.forEach((labels, rows) -> {
            if (labels.contains("gs-1:9100")) {
                assertThat(rows.stream().mapToLong(r -> (Long) r.get("resets")).sum()).isEqualTo(1);
                return;
            }
            long samples = rows.stream().mapToLong(r -> (Long) r.get("count")).sum();
            double increase = rows.stream().mapToDouble(r -> (Double) r.get("increase")).sum();
            assertThat(increase).as(labels).isEqualTo((samples - 1) * 600.0);
        });
        // action_ack_latency_seconds is a native histogram growing by 53 observations per 10 s tick
        // (generator weights 2+5+9+14+12+7+3+1) in Prometheus buckets -54..-47 at schema 3, i.e.
        // (2^(-55/8), 2^(-47/8)] ≈ (8.5 ms, 17 ms]: its 1m count increases add up like the ticks'
        // and every quantile falls in that range.
        Map<String, List<GenericRecord>> acksByHost = rollups.stream()
                .filter(r -> r.get("metric").toString().equals("action_ack_latency_seconds"))
                .collect(Collectors.groupingBy(r -> r.get("labels").toString()));
        assertThat(acksByHost).hasSize(10);
        double lowest = Math.pow(2, -55 / 8.0);
        double highest = Math.pow(2, -47 / 8.0);
        acksByHost.forEach((labels, rows) -> {
            assertThat(rows).as(labels).allSatisfy(r -> assertThat(r.get("kind").toString()).isEqualTo("histogram"));
            List<GenericRecord> observed = rows.stream().filter(r -> r.get("p99") != null).toList();
            assertThat(observed).as(labels).isNotEmpty().allSatisfy(r -> {
                assertThat((Double) r.get("p99")).isBetween(lowest, highest);
                assertThat((Double) r.get("p50")).isBetween(lowest, (Double) r.get("p99"));
                assertThat((Double) r.get("increase")).isPositive();
                assertThat((Integer) r.get("histogram_scale")).isEqualTo(3);
            });
            if (labels.contains("gs-1:9100")) {
                assertThat(rows.stream().mapToLong(r -> (Long) r.get("resets")).sum()).isEqualTo(1);
                return;
            }
            long samples = rows.stream().mapToLong(r -> (Long) r.get("count")).sum();
            double increase = rows.stream().mapToDouble(r -> (Double) r.get("increase")).sum();
            assertThat(increase).as(labels).isEqualTo((samples - 1) * 53.0);
        });
        assertThat(ParquetFiles.rows(output.resolve("rejected")))
                .extracting(r -> r.get("reason").toString())
                .contains("forbidden_label", "label_not_allowed", "summary_not_supported");

        PrometheusClient client = new PrometheusClient(prometheus);
        assertThat(client.query("count(gameplay_ticks_total:increase_1m)", System.currentTimeMillis())).isNotEmpty();
        assertThat(client.query("count(action_ack_latency_seconds:p99_1m)", System.currentTimeMillis())).isNotEmpty();
        assertThat(client.query("count(player_login_total)", System.currentTimeMillis())).isEmpty();
    }
}
