package io.strata.pipeline.sink.cold;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.testutils.TestSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectedRowMergerTest {

    private static final TestSeries A = TestSeries.of("__name__", "up", "instance", "gs-1:9100");
    private static final TestSeries B = TestSeries.of("__name__", "up", "instance", "gs-2:9100");

    private static Rejected tooOld(TestSeries series, long timestamp) {
        return Rejected.ofSample(series.gauge(timestamp, 1), RejectReason.REMOTE_WRITE_TOO_OLD, "400 out of bounds");
    }

    @Test
    void offer_full_mergesIntoOpenRowsButOpensNoNewOne() {
        RejectedRowMerger merger = new RejectedRowMerger(1);

        assertThat(merger.offer(tooOld(A, T0))).isTrue();
        assertThat(merger.offer(tooOld(B, T0))).as("a second row would pass the cap").isFalse();
        assertThat(merger.offer(tooOld(A, T0 + 10_000))).as("A's row is open").isTrue();

        List<Rejected> rows = new ArrayList<>();
        merger.drain(rows::add);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.samples()).isEqualTo(2);
            assertThat(row.lastTimestampEpochMillis()).isEqualTo(T0 + 10_000);
        });
        assertThat(merger.offer(tooOld(B, T0))).as("room again after the drain").isTrue();
    }
}
