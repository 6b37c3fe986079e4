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
        assertThat(ParquetFiles.rows(output.resolve("rejected")))
                .extracting(r -> r.get("reason").toString())
                .contains("forbidden_label", "label_not_allowed", "summary_not_supported");

        PrometheusClient client = new PrometheusClient(prometheus);
        assertThat(client.query("count(gameplay_ticks_total:increase_1m)", System.currentTimeMillis())).isNotEmpty();
        assertThat(client.query("count(player_login_total)", System.currentTimeMillis())).isEmpty();
    }
}
