package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.pipeline.metrics.AccountingReporter;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.AccountedTask;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import io.strata.pipeline.state.SavepointContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator under a harness whose metrics reach {@link AccountingReporter}, as {@code strata run} reads them. */
class ReleaseInStepOperatorTest {

    private static final long MINUTE = 60_000;
    private static final Duration DRIFT = Duration.ofMinutes(1);
    private static final TestSeries SLOW = TestSeries.of("__name__", "players", "instance", "gs-1:9100");
    private static final TestSeries FAST = TestSeries.of("__name__", "players", "instance", "gs-2:9100");

    private AccountedTask task;
    private OneInputStreamOperatorTestHarness<Sample, Sample> harness;

    @BeforeEach
    void open() throws Exception {
        task = new AccountedTask("release-in-step");
        harness = harness(new ReleaseInStepOperator(DRIFT, 1_000), null);
    }

    private OneInputStreamOperatorTestHarness<Sample, Sample> harness(ReleaseInStepOperator operator, OperatorSubtaskState restored)
            throws Exception {
        return Harnesses.operator(operator, task.environment(), restored);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        task.close();
    }

    private void push(Sample sample) throws Exception {
        harness.processElement(sample, sample.timestampEpochMillis());
    }

    private List<Long> releasedTimestamps() {
        return harness.extractOutputValues().stream().map(Sample::timestampEpochMillis).toList();
    }

    private Map<String, Long> metrics() {
        return task.counters();
    }

    @Test
    void beforeAnyWatermark_holdsEverything() throws Exception {
        push(SLOW.gauge(T0, 1));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(metrics()).containsEntry(ReleaseInStepOperator.HELD, 1L);
    }

    @Test
    void withinDriftOfTheWatermark_passesStraightThrough() throws Exception {
        harness.processWatermark(new Watermark(T0));

        push(SLOW.gauge(T0 - 5 * MINUTE, 1));
        push(SLOW.gauge(T0 + 30_000, 2));
        push(SLOW.gauge(T0 + MINUTE, 3));

        assertThat(releasedTimestamps()).containsExactly(T0 - 5 * MINUTE, T0 + 30_000, T0 + MINUTE);
        assertThat(metrics()).containsEntry(ReleaseInStepOperator.HELD, 0L);
    }

    /** One partition an hour ahead of the other: its samples wait until the watermark comes within the drift. */
    @Test
    void aheadOfTheWatermark_waitsAndLeavesInTimestampOrder() throws Exception {
        harness.processWatermark(new Watermark(T0));
        for (int minute = 60; minute >= 10; minute -= 10) {
            push(FAST.gauge(T0 + minute * MINUTE, minute));
        }
        push(SLOW.gauge(T0 + 10_000, 0));
        assertThat(releasedTimestamps()).containsExactly(T0 + 10_000);

        harness.processWatermark(new Watermark(T0 + 30 * MINUTE));
        assertThat(releasedTimestamps()).containsExactly(T0 + 10_000, T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE);
        assertThat(metrics()).containsEntry(ReleaseInStepOperator.HELD, 3L);

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(releasedTimestamps()).containsExactly(T0 + 10_000, T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE,
                T0 + 40 * MINUTE, T0 + 50 * MINUTE, T0 + 60 * MINUTE);
        assertThat(metrics()).containsEntry(ReleaseInStepOperator.HELD, 0L);
    }

    @Test
    void watermarks_areForwardedAfterTheSamplesTheyRelease() throws Exception {
        harness.processWatermark(new Watermark(T0));
        push(FAST.gauge(T0 + 10 * MINUTE, 1));
        harness.processWatermark(new Watermark(T0 + 9 * MINUTE));

        List<Object> output = List.copyOf(harness.getOutput());
        assertThat(output).hasSize(3);
        assertThat(output.get(0)).isEqualTo(new Watermark(T0));
        assertThat(output.get(2)).isEqualTo(new Watermark(T0 + 9 * MINUTE));
    }

    @Test
    void spread_isHowFarReleasedSamplesLieBehindTheNewestReleased() throws Exception {
        harness.processWatermark(new Watermark(T0));
        push(FAST.gauge(T0 + MINUTE, 1));
        push(SLOW.gauge(T0 - 89_000, 1));

        assertThat(metrics())
                .containsEntry(ReleaseInStepOperator.SPREAD, 149L)
                .containsEntry(ReleaseInStepOperator.SPREAD_MAX, 149L);
    }

    @Test
    void moreThanMaxHeld_releasesTheOldestEarly_andCountsIt() throws Exception {
        harness.close();
        harness = harness(new ReleaseInStepOperator(DRIFT, 2), null);
        harness.processWatermark(new Watermark(T0));

        push(FAST.gauge(T0 + 30 * MINUTE, 1));
        push(FAST.gauge(T0 + 10 * MINUTE, 2));
        push(FAST.gauge(T0 + 20 * MINUTE, 3));

        assertThat(releasedTimestamps()).containsExactly(T0 + 10 * MINUTE);
        assertThat(metrics()).containsEntry(ReleaseInStepOperator.RELEASED_EARLY, 1L)
                .containsEntry(ReleaseInStepOperator.HELD, 2L);
    }

    @Test
    void restore_releasesWhatTheCheckpointHeld() throws Exception {
        harness.processWatermark(new Watermark(T0));
        push(FAST.gauge(T0 + 20 * MINUTE, 1));
        push(FAST.gauge(T0 + 10 * MINUTE, 2));
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
        harness.close();

        harness = harness(new ReleaseInStepOperator(DRIFT, 1_000), checkpoint);
        assertThat(harness.extractOutputValues()).as("held, not released, after the restore").isEmpty();
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        assertThat(harness.extractOutputValues())
                .containsExactly(FAST.gauge(T0 + 10 * MINUTE, 2), FAST.gauge(T0 + 20 * MINUTE, 1));
    }

    @Test
    void restore_ofManyHeldSamples_releasesEachOnceInOrder() throws Exception {
        ReleaseInStepOperator operator = new ReleaseInStepOperator(DRIFT, 100_000);
        harness.close();
        harness = harness(operator, null);
        harness.processWatermark(new Watermark(T0));
        int count = 30_000;
        for (int i = count - 1; i >= 0; i--) {
            push((i % 2 == 0 ? FAST : SLOW).gauge(T0 + 2 * MINUTE + i * 1_000L, i));
        }
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
        harness.close();

        harness = harness(new ReleaseInStepOperator(DRIFT, 100_000), checkpoint);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));

        List<Long> released = releasedTimestamps();
        assertThat(released).hasSize(count).isSorted();
        assertThat(released.get(0)).isEqualTo(T0 + 2 * MINUTE);
        assertThat(released.get(count - 1)).isEqualTo(T0 + 2 * MINUTE + (count - 1) * 1_000L);
    }

    @Test
    void restore_ofSamplesHeldOneByOne_asBefore020_releasesThemAndKeepsThemOnlyInChunks() throws Exception {
        harness.close();
        OperatorSubtaskState before020;
        try (OneInputStreamOperatorTestHarness<Sample, Sample> old = Harnesses.operator(new HoldingOneByOne(), task.environment(), null)) {
            old.processElement(FAST.gauge(T0 + 20 * MINUTE, 1), T0 + 20 * MINUTE);
            old.processElement(FAST.gauge(T0 + 10 * MINUTE, 2), T0 + 10 * MINUTE);
            before020 = old.snapshot(1, T0);
        }

        harness = harness(new ReleaseInStepOperator(DRIFT, 1_000), before020);
        OperatorSubtaskState after = harness.snapshot(2, T0);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues())
                .containsExactly(FAST.gauge(T0 + 10 * MINUTE, 2), FAST.gauge(T0 + 20 * MINUTE, 1));
        harness.close();

        harness = harness(new ReleaseInStepOperator(DRIFT, 1_000), after);
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).as("restored once, from the chunks alone")
                .containsExactly(FAST.gauge(T0 + 10 * MINUTE, 2), FAST.gauge(T0 + 20 * MINUTE, 1));
    }

    /** Keeps what it receives as the operator did before 0.2.0: one list element per sample. */
    private static final class HoldingOneByOne extends AbstractStreamOperator<Sample> implements OneInputStreamOperator<Sample, Sample> {
        private final List<Sample> held = new ArrayList<>();
        private transient ListState<Sample> state;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            state = context.getOperatorStateStore().getListState(SavepointContract.heldSamples());
        }

        @Override
        public void processElement(StreamRecord<Sample> element) {
            held.add(element.getValue());
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            super.snapshotState(context);
            state.update(held);
        }
    }

    @Test
    void constructor_badArguments_throw() {
        assertThatThrownBy(() -> new ReleaseInStepOperator(Duration.ofSeconds(-1), 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReleaseInStepOperator(DRIFT, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
