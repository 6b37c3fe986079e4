package io.strata.pipeline.decode;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.testutils.HostileFrames;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile record of {@link HostileFrames} is accounted by its reason, under a bounded allocation. */
class HostileFramesTest {

    private static final long NOW = T0 + 3_600_000L;
    private static final LabelPolicy POLICY = LabelPolicy.platformDefault();

    static Stream<HostileFrames.Case> cases() {
        return HostileFrames.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decode_hostileRecord_accountedByReasonWithoutItsPii(HostileFrames.Case hostile) {
        RemoteWriteDecoder decoder = RemoteWriteDecoder.withDefaults(POLICY);
        List<SourceRecord> records = new ArrayList<>();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        decoder.decode(hostile.payload(), hostile.tenantHeader(), "default", Arrival.readAt("test", NOW), NOW, records::add);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        Map<RejectReason, Long> rejected = new HashMap<>();
        RejectReason frameReason = null;
        long accepted = 0;
        for (SourceRecord record : records) {
            if (record.sample() != null) {
                RejectReason policy = POLICY.check(record.sample().labelNames());
                if (policy == null) {
                    accepted++;
                } else {
                    rejected.merge(policy, 1L, Long::sum);
                }
            } else if (record.rejected().reason().isFrameLevel()) {
                frameReason = record.rejected().reason();
                assertThat(record.rejected().frameBytes()).isEqualTo(hostile.payload().length);
            } else {
                rejected.merge(record.rejected().reason(), record.rejected().samples(), Long::sum);
                assertNoPii(record.rejected());
            }
        }
        assertThat(frameReason).as("frame reason").isEqualTo(hostile.frameReason());
        assertThat(rejected).as("samples rejected by reason").isEqualTo(hostile.samplesRejected());
        assertThat(accepted).as("samples accepted").isEqualTo(hostile.samplesAccepted());
        // Today's decoder retained 460-570 MiB for the bombs; the walk allocates what it hands on, and its bounded buffers.
        assertThat(allocated).as("bytes allocated decoding " + hostile.name()).isLessThan(48L << 20);
    }

    private static void assertNoPii(Rejected rejected) {
        String row = String.valueOf(rejected.labelValues() == null ? "" : String.join(",", rejected.labelValues()))
                + rejected.detail() + rejected;
        assertThat(row).doesNotContain("p-canary-1", "203.0.113.7", "canary@example.com", "xxxxxxxxxx");
    }
}
