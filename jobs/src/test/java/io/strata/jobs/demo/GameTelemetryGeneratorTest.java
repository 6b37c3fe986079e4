package io.strata.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GameTelemetryGeneratorTest {

    /** 2026-11-26T00:00:00Z. */
    private static final long T0 = 1_795_651_200_000L;

    private static final Pattern ORIGIN = Pattern.compile("generator:host-(\\d+)@tick-(\\d+)");

    // 20 hosts x 60 ticks = 1200 frames: frames 499 and 999 are corrupted.
    private static final int HOSTS = 20;
    private static final int TICKS = 60;
    private static final int SPLITS = 4;

    private final GameTelemetryGenerator generator = new GameTelemetryGenerator(HOSTS, TICKS, SPLITS, T0);
    private final LabelPolicy policy = LabelPolicy.platformDefault();
    private final RemoteWriteDecoder decoder = RemoteWriteDecoder.withDefaults(policy);

    @Test
    void frame_sameArguments_sameFrames() {
        GameTelemetryGenerator again = new GameTelemetryGenerator(HOSTS, TICKS, SPLITS, T0);

        for (long i = 0; i < generator.frameCount(); i += 37) {
            RawFrame a = generator.frame(i);
            RawFrame b = again.frame(i);
            assertThat(b.payload()).as("frame %d", i).isEqualTo(a.payload());
            assertThat(b.tenant()).isEqualTo(a.tenant());
            assertThat(b.origin()).isEqualTo(a.origin());
        }
    }

    @Test
    void frameCount_isHostsTimesTicks() {
        assertThat(generator.frameCount()).isEqualTo((long) HOSTS * TICKS);
        assertThat(generator.endEpochMillis() - generator.startEpochMillis())
                .isEqualTo(TICKS * GameTelemetryGenerator.TICK_MILLIS);
    }

    @Test
    void frame_allIndexes_coverEveryHostAndTickOnce() {
        Map<String, Integer> seen = new HashMap<>();
        for (long i = 0; i < generator.frameCount(); i++) {
            seen.merge(generator.frame(i).origin(), 1, Integer::sum);
        }

        assertThat(seen).hasSize(HOSTS * TICKS);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void frame_eachSplit_readsItsOwnHostsInNonDecreasingTickOrder() {
        long framesPerSplit = generator.frameCount() / SPLITS;
        int hostsPerSplit = HOSTS / SPLITS;
        for (int split = 0; split < SPLITS; split++) {
            int previousTick = -1;
            Map<Integer, Integer> lastTickOfHost = new TreeMap<>();
            for (long i = split * framesPerSplit; i < (split + 1) * framesPerSplit; i++) {
                Matcher origin = ORIGIN.matcher(generator.frame(i).origin());
                assertThat(origin.matches()).as("origin of frame %d", i).isTrue();
                int host = Integer.parseInt(origin.group(1));
                int tick = Integer.parseInt(origin.group(2));

                assertThat(host / hostsPerSplit).as("split of host %d", host).isEqualTo(split);
                assertThat(tick).as("tick of frame %d in split %d", i, split).isGreaterThanOrEqualTo(previousTick);
                Integer last = lastTickOfHost.put(host, tick);
                assertThat(last == null ? -1 : last).as("previous tick of host %d", host).isLessThan(tick);
                previousTick = tick;
            }
            assertThat(lastTickOfHost).hasSize(hostsPerSplit);
        }
    }

    @Test
    void samples_sameHostLaterTick_haveLaterTimestamps() {
        for (int host = 0; host < HOSTS; host++) {
            long previous = Long.MIN_VALUE;
            for (int tick = 0; tick < TICKS; tick++) {
                long ts = generator.samples(host, tick).get(0).timestampEpochMillis();
                assertThat(ts).isGreaterThan(previous).isBetween(generator.startEpochMillis(), generator.endEpochMillis() - 1);
                previous = ts;
            }
        }
    }

    @Test
    void frame_everyFiveHundredth_isBadSnappy() {
        List<Long> badFrames = new ArrayList<>();
        for (long i = 0; i < generator.frameCount(); i++) {
            List<SourceRecord> records = decode(generator.frame(i));
            boolean frameRejected = records.size() == 1 && records.get(0).rejected() != null
                    && records.get(0).rejected().reason().isFrameLevel();
            if (frameRejected) {
                assertThat(records.get(0).rejected().reason()).as("frame %d", i).isEqualTo(RejectReason.BAD_SNAPPY);
                badFrames.add(i);
            }
        }

        assertThat(badFrames).containsExactly(499L, 999L);
    }

    @Test
    void frame_decoded_isValidExceptForPolicyViolationsOfHostsEndingInThree() {
        Map<String, Integer> policyRejections = new TreeMap<>();
        for (long i = 0; i < generator.frameCount(); i++) {
            if (i % GameTelemetryGenerator.CORRUPT_FRAME_EVERY == GameTelemetryGenerator.CORRUPT_FRAME_EVERY - 1) {
                continue;
            }
            RawFrame frame = generator.frame(i);
            int host = hostOf(frame);
            for (SourceRecord record : decode(frame)) {
                assertThat(record.rejected()).as("decoding of %s", frame.origin()).isNull();
                RejectReason reason = policy.check(record.sample().labelNames());
                if (reason != null) {
                    assertThat(host % 10).as("host of %s", record.sample()).isEqualTo(3);
                    policyRejections.merge(reason.label() + " " + record.sample().metricName(), 1, Integer::sum);
                }
            }
        }

        // Hosts 3 and 13, one sample of each kind per tick.
        int perKind = 2 * TICKS;
        assertThat(policyRejections).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "forbidden_label player_login_total", perKind,
                "label_not_allowed debug_session_rtt_ms", perKind,
                "summary_not_supported gc_pause_seconds", perKind)));
    }

    @Test
    void frame_decoded_equalsGeneratedSamplesWithTheirKinds() {
        RawFrame frame = generator.frame(7); // split 0: host 2, tick 1
        List<Sample> generated = generator.samples(2, 1);

        List<Sample> decoded = decode(frame).stream().map(SourceRecord::sample).toList();

        // The decoder infers counter or gauge from the name, as the generator assigned them.
        assertThat(decoded).containsExactlyElementsOf(generated);
        assertThat(decoded).extracting(Sample::kind).contains(MetricKind.GAUGE, MetricKind.COUNTER, MetricKind.HISTOGRAM);
    }

    @Test
    void constructor_hostsNotMultipleOfSplits_throws() {
        assertThatThrownBy(() -> new GameTelemetryGenerator(10, 5, 3, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of splits");
    }

    private List<SourceRecord> decode(RawFrame frame) {
        return decoder.decodeAll(frame.payload(), frame.tenant(), frame.origin(), generator.endEpochMillis());
    }

    private static int hostOf(RawFrame frame) {
        Matcher origin = ORIGIN.matcher(frame.origin());
        assertThat(origin.matches()).isTrue();
        return Integer.parseInt(origin.group(1));
    }
}
