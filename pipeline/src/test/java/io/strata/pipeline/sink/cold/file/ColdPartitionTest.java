package io.strata.pipeline.sink.cold.file;

import static io.strata.pipeline.testutils.Arrivals.arrivedAt;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.cold.AvroRows;
import io.strata.pipeline.sink.cold.ColdDataset;
import io.strata.pipeline.sink.cold.ColdTimeRange;
import io.strata.pipeline.testutils.TestSeries;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Rejected and late rows are placed by when Strata received them, never by a claimed timestamp. */
class ColdPartitionTest {

    private static final long HOUR = 3_600_000;
    /** 300 hourly claimed timestamps ending before 2000, as a few-KB hostile frame can carry. */
    private static final long CLAIMED_FIRST = Instant.parse("1999-12-01T00:00:00Z").toEpochMilli();
    private static final long CLAIMED_LAST = CLAIMED_FIRST + 299 * HOUR;
    /** When the frame reached the broker, 40 minutes into T0's hour. */
    private static final long OBSERVED = T0 + 40 * 60_000;
    private static final ColdTimeRange OBSERVED_HOUR = new ColdTimeRange(T0, T0 + HOUR);

    private static final TestSeries SERIES = TestSeries.of("__name__", "tick_seconds", "instance", "gs-1:9100", "job", "gs");

    @Test
    void rejected_claimedTimestampsSpanning300HoursBefore2000_landInTheObservedHourOnly() {
        Rejected run = new Rejected(SERIES.tenant(), RejectReason.TIMESTAMP_TOO_FAR_IN_FUTURE, "skew", SERIES.names(), SERIES.values(),
                new String[0], CLAIMED_FIRST, CLAIMED_LAST, Double.NaN, 300, 0, "kafka:frames-0@7", OBSERVED, OBSERVED);

        GenericRecord row = AvroRows.rejected(run);

        assertThat(GenericData.get().validate(ColdDataset.REJECTED.schema(), row)).isTrue();
        assertThat(bucket("rejected", ColdDataset.REJECTED, row)).isEqualTo("rejected/" + TimePartitionBucketAssigner.partitionOf(T0));
        assertThat(OBSERVED_HOUR.contains(row, ColdDataset.REJECTED)).isTrue();
        assertThat(new ColdTimeRange(CLAIMED_FIRST, CLAIMED_LAST + HOUR).contains(row, ColdDataset.REJECTED))
                .isFalse();
        assertThat(row.get("timestamp")).isEqualTo(CLAIMED_FIRST);
        assertThat(row.get("last_timestamp")).isEqualTo(CLAIMED_LAST);
        assertThat(row.get("broker_timestamp")).isEqualTo(OBSERVED);
        assertThat(row.get("frame_bytes")).isNull();
    }

    @Test
    void rejectedFrame_withoutClaimedTimestamps_landsInTheObservedHour_withItsSize() {
        Rejected frame = Rejected.frame("t", RejectReason.FRAME_TOO_LARGE, "2 MB", 0, 2_000_000,
                Arrival.of("kafka:frames-0@8", OBSERVED, OBSERVED, 600_000, 7 * 24 * HOUR));

        GenericRecord row = AvroRows.rejected(frame);

        assertThat(GenericData.get().validate(ColdDataset.REJECTED.schema(), row)).isTrue();
        assertThat(bucket("rejected", ColdDataset.REJECTED, row)).isEqualTo("rejected/" + TimePartitionBucketAssigner.partitionOf(T0));
        assertThat(row.get("frame_bytes")).isEqualTo(2_000_000L);
        assertThat(row.get("timestamp")).isNull();
    }

    @Test
    void late_300SamplesAnHourApartBefore2000_allLandInTheObservedHour() {
        Set<String> buckets = new HashSet<>();
        for (long ts = CLAIMED_FIRST; ts <= CLAIMED_LAST; ts += HOUR) {
            Sample arrived = arrivedAt(SERIES.gauge(ts, 1.0), OBSERVED);
            GenericRecord row = AvroRows.late(new LateSample(arrived, "1m", T0));
            assertThat(GenericData.get().validate(ColdDataset.LATE.schema(), row)).isTrue();
            assertThat(row.get("timestamp")).isEqualTo(ts);
            assertThat(OBSERVED_HOUR.contains(row, ColdDataset.LATE)).isTrue();
            buckets.add(bucket("late", ColdDataset.LATE, row));
        }

        assertThat(buckets).containsExactly("late/" + TimePartitionBucketAssigner.partitionOf(T0));
    }

    private static String bucket(String folder, ColdDataset dataset, GenericRecord row) {
        return TimePartitionBucketAssigner.of(folder, dataset).getBucketId(row, null);
    }
}
