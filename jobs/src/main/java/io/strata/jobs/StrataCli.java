package io.strata.jobs;

import io.strata.jobs.config.ConfigException;
import io.strata.jobs.config.StrataConfig;
import io.strata.jobs.config.StrataConfigLoader;
import io.strata.jobs.demo.DemoSource;
import io.strata.jobs.demo.GameTelemetryGenerator;
import io.strata.jobs.loadgen.LoadgenCommand;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.Sinks;
import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSettings;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.sink.cold.ColdTimeRange;
import io.strata.pipeline.sink.cold.s3.S3ColdPartitions;
import io.strata.pipeline.sink.cold.s3.S3Location;
import io.strata.pipeline.source.KafkaSourceSettings;
import io.strata.pipeline.source.KinesisSourceSettings;
import io.strata.pipeline.source.Sources;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code strata} command line. */
@Command(
        name = "strata",
        mixinStandardHelpOptions = true,
        version = "strata 0.1.0 (Flink 1.20.1)",
        description = "Telemetry rollup pipeline on Apache Flink: remote_write frames in, policed raw samples and rollups out.",
        subcommands = {StrataCli.Demo.class, StrataCli.Run.class, StrataCli.Backfill.class, ClusterCommands.Submit.class, ClusterCommands.Resume.class,
                ClusterCommands.Status.class, ClusterCommands.Savepoint.class, ClusterCommands.Stop.class, LoadgenCommand.class})
public final class StrataCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new StrataCli()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** {@code strata demo}: the whole pipeline on built-in telemetry, in a local MiniCluster. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run Strata on built-in game telemetry in a local Flink MiniCluster and print what it did.")
    static final class Demo implements Callable<Integer> {

        @Option(names = "--prometheus", paramLabel = "URL",
                description = "Prometheus to remote_write to (started with --web.enable-remote-write-receiver "
                        + "--enable-feature=native-histograms). Default: http://127.0.0.1:9090 if it answers.")
        String prometheus;

        @Option(names = "--no-prometheus", description = "Write no hot output.")
        boolean noPrometheus;

        @Option(names = "--output", paramLabel = "DIR", defaultValue = "strata-data",
                description = "Where the Parquet datasets go (default: ${DEFAULT-VALUE}).")
        Path output;

        @Option(names = "--hosts", defaultValue = "60", description = "Game servers to simulate (default: ${DEFAULT-VALUE}).")
        int hosts;

        @Option(names = "--minutes", defaultValue = "20",
                description = "Minutes of telemetry, ending now (default: ${DEFAULT-VALUE}; Prometheus refuses samples over ~1h old).")
        int minutes;

        @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            URI writeUrl = noPrometheus ? null : findPrometheus(prometheus, out);
            if (prometheus != null && writeUrl == null) {
                return 2;
            }
            Path cold = output.toAbsolutePath().normalize();

            long now = System.currentTimeMillis();
            long start = Math.floorDiv(now - minutes * 60_000L, 60_000L) * 60_000L;
            int ticks = (int) ((now - start) / GameTelemetryGenerator.TICK_MILLIS);
            int roundedHosts = Math.max(parallelism, hosts - hosts % parallelism);
            GameTelemetryGenerator generator = new GameTelemetryGenerator(roundedHosts, ticks, parallelism, start);
            out.printf("Strata demo: %d game servers, %d minutes of telemetry from %s (%,d remote_write frames)%n",
                    roundedHosts, minutes, Instant.ofEpochMilli(start), generator.frameCount());
            out.println("  hot:  " + (writeUrl == null ? "off" : writeUrl));
            out.println("  cold: " + cold.toUri());
            clearDemoOutput(cold, out);

            StreamExecutionEnvironment env = LocalJobRunner.environment(parallelism, Duration.ofSeconds(5));
            StrataPipeline.assemble(env, StrataPipeline.Settings.builder(LabelPolicy.platformDefault()).build(),
                    DemoSource.of(generator), Sinks.builder()
                            .hot(writeUrl == null ? null : new RemoteWriteSink(RemoteWriteSettings.of(writeUrl)))
                            .cold(cold.toUri().toString())
                            .build());

            long started = System.nanoTime();
            Map<String, Long> counters = LocalJobRunner.run(env, "strata demo", out);
            Summary.print(out, counters, cold, writeUrl == null ? null : writeUrl.toString(), (System.nanoTime() - started) / 1e9);
            printQueries(out, writeUrl, cold);
            return 0;
        }

        private static void clearDemoOutput(Path cold, PrintStream out) throws IOException {
            for (String dataset : new String[] {"resolution=1m", "resolution=5m", "resolution=1h", "rejected", "late"}) {
                Path dir = cold.resolve(dataset);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> paths = Files.walk(dir)) {
                        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                    out.println("  (removed the previous demo's " + dir + ")");
                }
            }
        }

        private static void printQueries(PrintStream out, URI writeUrl, Path cold) {
            out.println();
            if (writeUrl != null) {
                String base = writeUrl.toString().replace("/api/v1/write", "");
                out.println("Look at the hot output in Prometheus (" + base + "/graph), e.g.:");
                out.println("  cpu_temp_celsius:max_1m{region=\"eu-west-1\"}");
                out.println("  sum by (region) (gameplay_ticks_total:increase_1m)");
                out.println("  sum by (queue) (gameplay_players_connected:last_1m)");
                out.println("  histogram_quantile(0.95, sum by (le, region) (rate(gameplay_tick_time_seconds_bucket[5m])))");
                out.println("  histogram_quantile(0.99, sum by (region) (rate(action_ack_latency_seconds[5m])))");
                out.println("  count({__name__=~\"player_login_total|debug_session_rtt_ms|gc_pause_seconds\"})   # 0: the policy held them back");
                out.println("  e.g. curl -sG " + base + "/api/v1/query --data-urlencode 'query=sum by (region) (gameplay_ticks_total:increase_1m)'");
                out.println();
            }
            out.println("Look at the cold output with DuckDB (or Athena/Spark), e.g.:");
            // A window corrected within its allowed lateness has several rows: its highest revision is final.
            out.println("  SELECT region, metric, sum(increase) FROM (SELECT * FROM read_parquet('" + cold
                    + "/resolution=5m/*/*/*.parquet', hive_partitioning=1) QUALIFY revision = max(revision) OVER (PARTITION BY series_id, window_start))"
                    + " WHERE kind='counter' GROUP BY ALL ORDER BY ALL;");
            out.println("  SELECT reason, sum(samples) FROM read_parquet('" + cold + "/rejected/*/*/*.parquet') GROUP BY reason;");
        }
    }

    /** {@code strata run}: the job against real Kafka/Prometheus/paths named in a YAML config. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run Strata in a local Flink MiniCluster with the source (Kafka or Kinesis) and outputs of a YAML config.")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML config (see docs/CONFIG.md).")
        Path config;

        @Override
        public Integer call() throws Exception {
            StrataConfig c;
            try {
                c = StrataConfigLoader.load(config);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            PrintStream out = System.out;
            out.printf("Strata: %s -> %s%s%n", c.sourceDescription(),
                    c.remoteWrite() == null ? "" : "remote_write " + c.remoteWrite().url() + " ",
                    c.coldPath() == null ? "" : "parquet " + c.coldPath());
            StreamExecutionEnvironment env = LocalJobRunner.environment(c.parallelism(), c.checkpointInterval(), c.stateBackend());
            StrataJob.build(env, c);
            long started = System.nanoTime();
            Map<String, Long> counters = LocalJobRunner.run(env, "strata", out);
            Summary.print(out, counters, localColdDir(c),
                    c.remoteWrite() == null ? null : c.remoteWrite().url().toString(), (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    /** {@code strata backfill}: re-read whole hours from Kafka or Kinesis and rewrite the cold output of those hours. */
    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Re-read whole UTC hours from Kafka (by record timestamp) or Kinesis (AT_TIMESTAMP) and rewrite "
                    + "the cold output of those hours (no hot output); running it again gives the same rows.")
    static final class Backfill implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML config with a source and cold.path.")
        Path config;

        @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "First hour, e.g. 2026-11-26T10:00:00Z.")
        Instant from;

        @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End hour (exclusive), e.g. 2026-11-26T12:00:00Z.")
        Instant to;

        @Option(names = "--lead-minutes", defaultValue = "10",
                description = "Minutes read before and after the range, so counters have their previous sample and "
                        + "late-arriving records are found (default: ${DEFAULT-VALUE}).")
        int leadMinutes;

        @Option(names = "--settle-seconds", defaultValue = "15",
                description = "Kinesis only: stop once no record has come for this long (default: ${DEFAULT-VALUE}).")
        int settleSeconds;

        @Override
        public Integer call() throws Exception {
            StrataConfig c;
            ColdTimeRange range;
            try {
                c = StrataConfigLoader.load(config);
                range = new ColdTimeRange(from.toEpochMilli(), to.toEpochMilli());
            } catch (ConfigException | IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            if (c.coldPath() == null) {
                System.err.println("backfill rewrites the hours of the cold output: configure cold.path");
                return 2;
            }
            String cold = c.coldPath();
            List<String> replaced = S3Location.isS3(cold)
                    ? S3ColdPartitions.delete(c.coldS3().client(), cold, range)
                    : range.deletePartitions(localColdDir(c)).stream().map(Path::toString).toList();
            for (String partition : replaced) {
                System.out.println("  replacing " + partition);
            }
            long lead = leadMinutes * 60_000L;
            StrataPipeline.Settings settings = c.pipelineSettings();
            Sinks coldInRange = Sinks.builder().cold(cold).coldS3(c.coldS3()).coldRange(range).build();
            StreamExecutionEnvironment env = LocalJobRunner.environment(c.parallelism(), c.checkpointInterval(), c.stateBackend());
            long started = System.nanoTime();
            Map<String, Long> counters;
            if (c.kafka() != null) {
                KafkaSourceSettings source = c.kafka().withTimeRange(
                        new KafkaSourceSettings.TimeRange(range.fromEpochMillis() - lead, range.toEpochMillis() + lead));
                StrataPipeline.assemble(env, settings, Sources.kafka(source), coldInRange);
                System.out.printf("Strata backfill: kafka %s [%s, %s) -> %s%n", c.kafka().topic(), from, to, cold);
                counters = LocalJobRunner.run(env, "strata backfill", System.out);
            } else {
                // A Kinesis stream never ends: read from the first record that arrived at the range's
                // start (minus the lead) until nothing new comes, then stop with a draining savepoint.
                KinesisSourceSettings source = c.kinesis().startingAt(Instant.ofEpochMilli(range.fromEpochMillis() - lead));
                StrataPipeline.assemble(env, settings, Sources.kinesis(source), coldInRange);
                System.out.printf("Strata backfill: kinesis %s [%s, %s) -> %s%n", c.kinesis().streamArn(), from, to, cold);
                counters = LocalJobRunner.runUntilSettled(env, "strata backfill", System.out, Duration.ofSeconds(settleSeconds),
                        Files.createTempDirectory("strata-backfill"));
            }
            Summary.print(System.out, counters, localColdDir(c), null, (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    /** The local directory of a file:// cold path; null for none or an s3:// one. */
    static Path localColdDir(StrataConfig c) {
        return c.coldPath() == null || S3Location.isS3(c.coldPath()) ? null : Path.of(URI.create(c.coldPath()));
    }

    /** The write URL of the Prometheus at {@code url} (or the default one) if it is ready; null if none answers. */
    static URI findPrometheus(String url, PrintStream out) {
        String base = url == null ? "http://127.0.0.1:9090" : url.replaceAll("/+$", "").replace("/api/v1/write", "");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> ready = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/-/ready")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() == 200) {
                return URI.create(base + "/api/v1/write");
            }
            out.println("Prometheus at " + base + " is not ready (" + ready.statusCode() + ").");
        } catch (IOException | IllegalArgumentException e) {
            if (url != null) {
                out.println("No Prometheus answers at " + base + " (" + e.getMessage() + "). Start one with scripts/prometheus-start, or leave out --prometheus.");
            } else {
                out.println("No Prometheus answers at " + base + ": hot output is off. Start one with scripts/prometheus-start, or pass --prometheus URL.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
