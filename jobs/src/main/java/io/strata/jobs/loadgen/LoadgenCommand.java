package io.strata.jobs.loadgen;

import io.strata.jobs.config.DurationText;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata loadgen}: game-server telemetry as remote_write frames into a Kafka topic, as a backlog or live. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Write game-server telemetry to Kafka as the agents that scrape servers ship it: remote_write frames of up to "
                    + "--samples-per-frame samples, one agent per --hosts-per-agent hosts, gauges, counters, classic and native "
                    + "histograms, and (unless --bad-host-every 0) a few hosts with PII, off-schema or over-cap series.",
            "With --backlog, the scrapes of a past span are written as fast as Kafka takes them; otherwise each scrape is "
                    + "written live when it happens, for --duration. Fails if any frame did not arrive."})
public final class LoadgenCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka to write to.")
    String bootstrapServers;

    @Option(names = "--topic", required = true, description = "Topic to write to; created if missing.")
    String topic;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of a topic it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--hosts", description = "Game servers (default: 40, or what --rate needs).")
    Integer hosts;

    @Option(names = "--rate", paramLabel = "SAMPLES_PER_S",
            description = "Samples per second to send; sets --hosts from --series-per-host and --scrape-interval.")
    Double rate;

    @Option(names = "--series-per-host", defaultValue = "250", description = "Series each host sends (default: ${DEFAULT-VALUE}; the cap is 300).")
    int seriesPerHost;

    @Option(names = "--hosts-per-agent", defaultValue = "8", description = "Hosts one agent scrapes and ships (default: ${DEFAULT-VALUE}).")
    int hostsPerAgent;

    @Option(names = "--scrape-interval", defaultValue = "10s", paramLabel = "DURATION", converter = DurationText.Converter.class,
            description = "Scrape interval (default: ${DEFAULT-VALUE}).")
    Duration scrapeInterval;

    @Option(names = "--samples-per-frame", defaultValue = "2000",
            description = "Most samples per frame (default: ${DEFAULT-VALUE}, Prometheus' max_samples_per_send).")
    int samplesPerFrame;

    @Option(names = "--counter-share", defaultValue = "0.4", description = "Share of counter series (default: ${DEFAULT-VALUE}).")
    double counterShare;

    @Option(names = "--classic-histogram-share", defaultValue = "0.2",
            description = "Share of series that belong to classic histograms, 10 series each (default: ${DEFAULT-VALUE}).")
    double classicHistogramShare;

    @Option(names = "--native-histogram-share", defaultValue = "0.04",
            description = "Share of native histogram series (default: ${DEFAULT-VALUE}); the rest are gauges.")
    double nativeHistogramShare;

    @Option(names = "--bad-host-every", defaultValue = "100",
            description = "One host in this many sends PII and off-schema series, one more sends 100 series over its cap; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int badHostEvery;

    @Option(names = "--tenants", defaultValue = "1", description = "Tenants the agents are spread over (default: ${DEFAULT-VALUE}: 'default').")
    int tenants;

    @Option(names = "--backlog", paramLabel = "DURATION", converter = DurationText.Converter.class,
            description = "Write the scrapes of this past span (e.g. 3h), ending now.")
    Duration backlog;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10m", converter = DurationText.Converter.class,
            description = "How long to write live (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        LoadShape shape;
        try {
            shape = shape();
        } catch (IllegalArgumentException e) {
            System.err.println("strata loadgen: " + e.getMessage());
            return 2;
        }
        out.printf("loadgen: %,d hosts x %d series (%d agents, frames of <= %,d samples) every %d s = %,.0f samples/s of event time; %s%n",
                shape.hosts(), shape.seriesPerHost(), shape.agents(), shape.samplesPerFrame(), shape.scrapeInterval().toSeconds(),
                shape.samplesPerScrape() * 1000.0 / shape.scrapeInterval().toMillis(),
                backlog != null ? "backlog of " + backlog : "live for " + duration);
        LoadWriter.Totals totals;
        try (KafkaFrameWriter writer = KafkaFrameWriter.open(bootstrapServers, topic, partitions)) {
            LoadWriter load = new LoadWriter(new TelemetryLoad(shape), writer, out);
            totals = backlog != null ? load.backlog(System.currentTimeMillis(), backlog) : load.live(duration);
        }
        out.printf("loadgen: wrote %,d frames, %,d samples, %,d bytes to %s in %.1f s; event time %s .. %s%n",
                totals.frames(), totals.samples(), totals.bytes(), topic, totals.seconds(),
                Instant.ofEpochMilli(totals.firstMillis()), Instant.ofEpochMilli(totals.lastMillis()));
        return 0;
    }

    private LoadShape shape() {
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive, got " + rate);
        }
        return LoadShape.builder()
                .hosts(hosts != null ? hosts : rate != null ? LoadShape.hostsFor(rate, seriesPerHost, scrapeInterval) : 40)
                .seriesPerHost(seriesPerHost)
                .hostsPerAgent(hostsPerAgent)
                .scrapeInterval(scrapeInterval)
                .samplesPerFrame(samplesPerFrame)
                .counterShare(counterShare)
                .classicHistogramShare(classicHistogramShare)
                .nativeHistogramShare(nativeHistogramShare)
                .badHostEvery(badHostEvery)
                .tenants(tenants)
                .build();
    }
}
