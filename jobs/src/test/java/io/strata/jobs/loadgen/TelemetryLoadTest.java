package io.strata.jobs.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TelemetryLoadTest {

    private static final long TICK = 180_000_000L;
    private static final RemoteWriteDecoder DECODER = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault());

    private record Frame(int agent, String tenant, byte[] payload, int samples) {}

    @Test
    void scrape_agentOfEightHosts_framesOfAtMostTheirSizeHoldEverySample() throws Exception {
        LoadShape shape = LoadShape.builder().hosts(16).samplesPerFrame(700).build();
        TelemetryLoad load = new TelemetryLoad(shape);

        List<Frame> frames = new ArrayList<>();
        long samples = 0;
        for (int agent = 0; agent < shape.agents(); agent++) {
            samples += load.scrape(agent, TICK, TICK * 10_000, (a, tenant, payload, n) -> frames.add(new Frame(a, tenant, payload, n)));
        }

        // Hosts 3 and 7 are bad hosts: 2 and 100 series more than the 250 every host sends.
        assertThat(samples).isEqualTo(shape.samplesPerScrape()).isEqualTo(16 * 250 + 2 + 100);
        assertThat(frames).allSatisfy(f -> assertThat(f.samples()).isBetween(1, 700));
        // Agent 0 (hosts 0-7): 2,102 samples in frames of 700, 700, 700, 2.
        assertThat(frames).filteredOn(f -> f.agent() == 0).extracting(Frame::samples).containsExactly(700, 700, 700, 2);
        for (Frame frame : frames) {
            List<SourceRecord> decoded = decode(frame);
            assertThat(decoded).hasSize(frame.samples()).allSatisfy(r -> assertThat(r.sample()).isNotNull());
        }
    }

    @Test
    void scrape_host_sendsTheShapesMixOfKindsWithinTheAllowlist() throws Exception {
        LoadShape shape = LoadShape.builder().hosts(1).hostsPerAgent(1).badHostEvery(0).build();
        List<Sample> samples = samplesOf(new TelemetryLoad(shape), 0);

        Map<MetricKind, Long> kinds = samples.stream().collect(Collectors.groupingBy(Sample::kind, Collectors.counting()));
        // 250 series: 10 native histograms (4 %), 5 classic histograms of 10 series (20 %), 100 counters (40 %), 90 gauges.
        assertThat(kinds).containsEntry(MetricKind.HISTOGRAM, 10L).containsEntry(MetricKind.GAUGE, 90L)
                .containsEntry(MetricKind.COUNTER, 150L);
        assertThat(samples).filteredOn(s -> s.metricName().endsWith("_bucket")).hasSize(40);
        Set<String> labels = new HashSet<>(LabelPolicy.DEFAULT_ALLOWLIST);
        labels.addAll(List.of("__name__", "instance", "job", "le"));
        assertThat(samples).allSatisfy(s -> assertThat(labels).contains(s.labelNames()));
        assertThat(samples).extracting(Sample::seriesId).doesNotHaveDuplicates();
        assertThat(samples).allSatisfy(s -> assertThat(s.timestampEpochMillis()).isEqualTo(TICK * 10_000));
    }

    @Test
    void scrape_badHosts_sendPiiOffSchemaAndOverCapSeries() throws Exception {
        LoadShape shape = LoadShape.builder().hosts(8).hostsPerAgent(8).build();
        List<Sample> samples = samplesOf(new TelemetryLoad(shape), 0);

        Map<String, Long> perHost = samples.stream().collect(Collectors.groupingBy(
                s -> Labels.get(s.labelNames(), s.labelValues(), "instance"), Collectors.counting()));
        assertThat(perHost).containsEntry("gs-3:9100", 252L).containsEntry("gs-7:9100", 350L).containsEntry("gs-0:9100", 250L);
        assertThat(samples).anySatisfy(s -> assertThat(s.labelNames()).contains("player_id"));
        assertThat(samples).anySatisfy(s -> assertThat(s.labelNames()).contains("session_id"));
    }

    @Test
    void scrape_sameTickTwice_sameFrames() throws Exception {
        TelemetryLoad load = new TelemetryLoad(LoadShape.builder().hosts(8).tenants(2).build());
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        load.scrape(0, TICK, 1_800_000_000_000L, (a, t, payload, n) -> first.add(payload));
        load.scrape(0, TICK, 1_800_000_000_000L, (a, t, payload, n) -> second.add(payload));

        assertThat(first).hasSameSizeAs(second);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i)).isEqualTo(second.get(i));
        }
    }

    @Test
    void scrapeTimeMillis_agents_staggeredOverTheInterval() {
        TelemetryLoad load = new TelemetryLoad(LoadShape.builder().hosts(32).hostsPerAgent(8).build());

        assertThat(load.scrapeTimeMillis(1_000_000, 0)).isEqualTo(1_000_000);
        assertThat(load.scrapeTimeMillis(1_000_000, 2)).isEqualTo(1_005_000);
        assertThat(load.tenant(1)).isEqualTo("default");
        assertThat(new TelemetryLoad(LoadShape.builder().tenants(3).build()).tenant(4)).isEqualTo("tenant-1");
    }

    @Test
    void hostsFor_rate_hostsThatSendIt() {
        assertThat(LoadShape.hostsFor(200_000, 250, Duration.ofSeconds(10))).isEqualTo(8_000);
        assertThat(LoadShape.hostsFor(10, 250, Duration.ofSeconds(10))).isEqualTo(1);
    }

    @Test
    void build_impossibleShape_saysWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> LoadShape.builder().hosts(0).build()).withMessageContaining("hosts");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadShape.builder().counterShare(0.5).classicHistogramShare(0.4)
                .nativeHistogramShare(0.2).build()).withMessageContaining("more than 1");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadShape.builder().scrapeInterval(Duration.ofMillis(10)).build())
                .withMessageContaining("at least 1 s");
        assertThatIllegalArgumentException().isThrownBy(() -> LoadShape.builder().badHostEvery(-1).build())
                .withMessageContaining("bad-host-every");
    }

    private static List<Sample> samplesOf(TelemetryLoad load, int agent) throws Exception {
        List<Sample> samples = new ArrayList<>();
        load.scrape(agent, TICK, TICK * 10_000, (a, tenant, payload, n) ->
                decode(new Frame(a, tenant, payload, n)).forEach(r -> samples.add(r.sample())));
        return samples;
    }

    private static List<SourceRecord> decode(Frame frame) {
        return DECODER.decodeAll(frame.payload(), frame.tenant(), "test", TICK * 10_000);
    }
}
