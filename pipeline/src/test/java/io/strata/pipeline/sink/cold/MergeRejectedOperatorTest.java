package io.strata.pipeline.sink.cold;

import static io.strata.pipeline.testutils.Arrivals.arrivedAt;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import io.strata.pipeline.testutils.TestSeries;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MergeRejectedOperatorTest {

    private static final long SECOND = 1_000;
    private static final long HOUR = 3_600 * SECOND;
    private static final TestSeries TICKS = TestSeries.ofTenant("acme",
            "__name__", "gameplay_ticks_total", "instance", "gs-1:9100", "job", "gameserver");

    private OneInputStreamOperatorTestHarness<Rejected, Rejected> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(MergeRejectedOperator.DEFAULT_MAX_ROWS);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void thousandSamplesOfOneSeriesOneReason_oneCheckpoint_oneRowWithCountAndRange() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            push(rejection(TICKS.counter(T0 + i * 10 * SECOND, i), RejectReason.HOST_SERIES_LIMIT));
        }
        assertThat(harness.extractOutputValues()).as("nothing before the checkpoint").isEmpty();

        harness.prepareSnapshotPreBarrier(1);

        List<Rejected> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(1);
        Rejected row = rows.get(0);
        assertThat(row.samples()).isEqualTo(1_000);
        assertThat(row.timestampEpochMillis()).isEqualTo(T0);
        assertThat(row.lastTimestampEpochMillis()).isEqualTo(T0 + 999 * 10 * SECOND);
        assertThat(row.value()).isNaN();
        assertThat(row.observedAtEpochMillis()).isEqualTo(T0 + 5 * SECOND);
        assertThat(row.labelValues()).isEqualTo(TICKS.values());
    }

    @Test
    void differentReasonsSeriesAndObservedHours_keptApart() throws Exception {
        TestSeries other = TestSeries.ofTenant("acme", "__name__", "gameplay_ticks_total", "instance", "gs-2:9100", "job", "gameserver");
        push(rejection(TICKS.counter(T0, 1), RejectReason.HOST_SERIES_LIMIT));
        push(rejection(TICKS.counter(T0 + SECOND, 1), RejectReason.TENANT_RATE_LIMIT));
        push(rejection(other.counter(T0, 1), RejectReason.HOST_SERIES_LIMIT));
        push(Rejected.ofSample(arrivedAt(TICKS.counter(T0, 1), T0 + HOUR), RejectReason.HOST_SERIES_LIMIT, "host over"));

        harness.endInput();

        assertThat(harness.extractOutputValues()).hasSize(4).allSatisfy(r -> assertThat(r.samples()).isEqualTo(1));
    }

    @Test
    void framesOfOneReason_neverMerged() throws Exception {
        push(Rejected.frame("acme", RejectReason.BAD_SNAPPY, "bad", 0, 10, Arrival.readAt("kafka:f-0@1", T0)));
        push(Rejected.frame("acme", RejectReason.BAD_SNAPPY, "bad", 0, 12, Arrival.readAt("kafka:f-0@2", T0)));

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).extracting(Rejected::frameBytes).containsExactly(10L, 12L);
    }

    @Test
    void moreKeysThanTheBound_flushedWhenFull_totalsExact() throws Exception {
        harness.close();
        harness = harness(10);
        for (int i = 0; i < 25; i++) {
            TestSeries series = TestSeries.ofTenant("acme", "__name__", "m", "instance", "gs-" + i);
            push(rejection(series.gauge(T0, 1), RejectReason.HOST_SERIES_LIMIT));
            push(rejection(series.gauge(T0 + SECOND, 1), RejectReason.HOST_SERIES_LIMIT));
        }
        assertThat(harness.extractOutputValues()).as("two full flushes before any checkpoint").hasSize(20);

        harness.prepareSnapshotPreBarrier(1);

        List<Rejected> rows = harness.extractOutputValues();
        // Each flush fell between a series' two samples (gs-9, gs-18), which so have two rows each.
        assertThat(rows).hasSize(27);
        assertThat(rows.stream().mapToLong(Rejected::samples).sum()).isEqualTo(50);
    }

    @Test
    void megabyteLabelValueAndDetail_cutInTheRow() throws Exception {
        String huge = "x".repeat(1_000_000);
        TestSeries series = TestSeries.ofTenant("acme", "__name__", "m", "instance", "gs-1", "shard_id", huge);
        push(Rejected.ofSample(arrivedAt(series.gauge(T0, 1), T0), RejectReason.REMOTE_WRITE_REJECTED, "400 " + huge));
        push(Rejected.ofSample(arrivedAt(series.gauge(T0 + SECOND, 1), T0), RejectReason.REMOTE_WRITE_REJECTED, "400 " + huge));

        harness.endInput();

        List<Rejected> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).samples()).isEqualTo(2);
        GenericRecord avro = AvroRows.rejected(rows.get(0));
        String value = ((java.util.Map<?, ?>) avro.get("labels")).get(new org.apache.avro.util.Utf8("shard_id")).toString();
        assertThat(value).hasSizeLessThanOrEqualTo(300).startsWith("xxx").endsWith("…(truncated 999744 chars)");
        assertThat(avro.get("detail").toString()).hasSizeLessThanOrEqualTo(300).endsWith("…(truncated 999748 chars)");
    }

    @Test
    void rowsOfOneFrame_merged_keepTheirBrokerTimestampAndEarliestObservedTime() throws Exception {
        String[] names = TICKS.names();
        String[] values = TICKS.values();
        // As the decoder rejects a series' samples of one frame: same origin, same arrival.
        push(new Rejected("acme", RejectReason.NAN_VALUE, "nan", names, values, new String[0], T0 + 2 * SECOND, T0 + 2 * SECOND,
                Double.NaN, 1, 0, "kafka:f-0@9", T0 + 5 * SECOND, T0 + 5 * SECOND));
        push(new Rejected("acme", RejectReason.NAN_VALUE, "nan", names, values, new String[0], Rejected.NO_TIMESTAMP,
                Rejected.NO_TIMESTAMP, Double.NaN, 3, 0, "kafka:f-0@9", T0 + 5 * SECOND, T0 + 5 * SECOND));
        push(new Rejected("acme", RejectReason.NAN_VALUE, "nan", names, values, new String[0], T0 + SECOND, T0 + SECOND,
                Double.NaN, 1, 0, "kafka:f-0@9", T0 + 5 * SECOND, T0 + 5 * SECOND));

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(row -> {
            assertThat(row.samples()).isEqualTo(5);
            assertThat(row.timestampEpochMillis()).isEqualTo(T0 + SECOND);
            assertThat(row.lastTimestampEpochMillis()).isEqualTo(T0 + 2 * SECOND);
            assertThat(row.brokerTimestampEpochMillis()).isEqualTo(T0 + 5 * SECOND);
            assertThat(row.origin()).isEqualTo("kafka:f-0@9");
        });
    }

    @Test
    void truncate_doesNotSplitASurrogatePair() {
        String value = "a".repeat(RejectedRowMerger.MAX_VALUE_CHARS - 1) + "😀" + "b";

        assertThat(RejectedRowMerger.truncate(value)).startsWith("a".repeat(RejectedRowMerger.MAX_VALUE_CHARS - 1) + "…");
    }

    private void push(Rejected rejected) throws Exception {
        harness.processElement(rejected, rejected.timestampEpochMillis());
    }

    /** A rejection of {@code sample}, which arrived 5 s into the scenario. */
    private static Rejected rejection(Sample sample, RejectReason reason) {
        return Rejected.ofSample(arrivedAt(sample, T0 + 5 * SECOND), reason, reason.label());
    }

    private static OneInputStreamOperatorTestHarness<Rejected, Rejected> harness(int maxRows) throws Exception {
        return Harnesses.operator(new MergeRejectedOperator(maxRows), null, null);
    }
}
