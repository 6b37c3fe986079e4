package io.strata.jobs.loadgen;

import java.time.Duration;

/**
 * What {@link TelemetryLoad} generates: how many game servers, how many series each, how their
 * agents batch samples into remote_write frames, and the mix of series kinds.
 *
 * <p>Defaults follow the platform card and the agents it names: 250 series per host (under the
 * 300-series cap), a 10 s scrape interval, eight hosts per agent and at most 2,000 samples per
 * frame (Prometheus' {@code max_samples_per_send}, the OTel batch processor's
 * {@code send_batch_size}).
 *
 * @param badHostEvery one host in this many sends a PII series and an off-schema series, and one
 *     more sends {@link #OVER_CAP_EXTRA_SERIES} series over its cap; 0 for none
 */
public record LoadShape(
        int hosts,
        int seriesPerHost,
        int hostsPerAgent,
        Duration scrapeInterval,
        int samplesPerFrame,
        double counterShare,
        double classicHistogramShare,
        double nativeHistogramShare,
        int badHostEvery,
        int tenants) {

    /** Series an over-cap host sends beyond {@code seriesPerHost}. */
    public static final int OVER_CAP_EXTRA_SERIES = 100;
    /** Series of one classic histogram: 8 {@code le} buckets, {@code _count} and {@code _sum}. */
    public static final int CLASSIC_HISTOGRAM_SERIES = 10;

    public LoadShape {
        positive("hosts", hosts);
        positive("series per host", seriesPerHost);
        positive("hosts per agent", hostsPerAgent);
        positive("samples per frame", samplesPerFrame);
        positive("tenants", tenants);
        if (scrapeInterval.toMillis() < 1_000) {
            throw new IllegalArgumentException("the scrape interval must be at least 1 s, got " + scrapeInterval);
        }
        if (badHostEvery < 0) {
            throw new IllegalArgumentException("bad-host-every must be 0 (none) or positive, got " + badHostEvery);
        }
        for (double share : new double[] {counterShare, classicHistogramShare, nativeHistogramShare}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("series shares must be between 0 and 1, got " + share);
            }
        }
        if (counterShare + classicHistogramShare + nativeHistogramShare > 1) {
            throw new IllegalArgumentException("counter, classic and native histogram shares add up to more than 1: "
                    + (counterShare + classicHistogramShare + nativeHistogramShare));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Agents: every {@link #hostsPerAgent} hosts are scraped and shipped by one agent. */
    public int agents() {
        return (hosts + hostsPerAgent - 1) / hostsPerAgent;
    }

    /** Samples every host together sends per scrape, bad hosts' extra series included. */
    public long samplesPerScrape() {
        long samples = (long) hosts * seriesPerHost;
        if (badHostEvery > 0) {
            for (int host = 0; host < hosts; host++) {
                samples += TelemetryLoad.extraSeries(this, host);
            }
        }
        return samples;
    }

    /** Hosts that send about {@code samplesPerSecond} at {@code seriesPerHost} series per scrape interval. */
    public static int hostsFor(double samplesPerSecond, int seriesPerHost, Duration scrapeInterval) {
        return (int) Math.max(1, Math.round(samplesPerSecond * scrapeInterval.toMillis() / 1000.0 / seriesPerHost));
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** Builds a {@link LoadShape}; every setting has the default documented on {@link LoadShape}. */
    public static final class Builder {
        private int hosts = 40;
        private int seriesPerHost = 250;
        private int hostsPerAgent = 8;
        private Duration scrapeInterval = Duration.ofSeconds(10);
        private int samplesPerFrame = 2_000;
        private double counterShare = 0.4;
        private double classicHistogramShare = 0.2;
        private double nativeHistogramShare = 0.04;
        private int badHostEvery = 100;
        private int tenants = 1;

        private Builder() {}

        public Builder hosts(int hosts) {
            this.hosts = hosts;
            return this;
        }

        public Builder seriesPerHost(int seriesPerHost) {
            this.seriesPerHost = seriesPerHost;
            return this;
        }

        public Builder hostsPerAgent(int hostsPerAgent) {
            this.hostsPerAgent = hostsPerAgent;
            return this;
        }

        public Builder scrapeInterval(Duration scrapeInterval) {
            this.scrapeInterval = scrapeInterval;
            return this;
        }

        public Builder samplesPerFrame(int samplesPerFrame) {
            this.samplesPerFrame = samplesPerFrame;
            return this;
        }

        public Builder counterShare(double counterShare) {
            this.counterShare = counterShare;
            return this;
        }

        public Builder classicHistogramShare(double classicHistogramShare) {
            this.classicHistogramShare = classicHistogramShare;
            return this;
        }

        public Builder nativeHistogramShare(double nativeHistogramShare) {
            this.nativeHistogramShare = nativeHistogramShare;
            return this;
        }

        public Builder badHostEvery(int badHostEvery) {
            this.badHostEvery = badHostEvery;
            return this;
        }

        public Builder tenants(int tenants) {
            this.tenants = tenants;
            return this;
        }

        public LoadShape build() {
            return new LoadShape(hosts, seriesPerHost, hostsPerAgent, scrapeInterval, samplesPerFrame, counterShare,
                    classicHistogramShare, nativeHistogramShare, badHostEvery, tenants);
        }
    }
}
