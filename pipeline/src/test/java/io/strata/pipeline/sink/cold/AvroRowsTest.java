package io.strata.pipeline.sink.cold;

import static io.strata.pipeline.testutils.TestFrames.MINUTE;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.testutils.TestSeries;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroRowsTest {

    private static final TestSeries ACK = TestSeries.of(
            "__name__", "action_ack_latency_seconds", "instance", "gs-1:9100", "job", "gameserver", "region", "eu");

    @Test
    void rollup_histogram_fillsHistogramColumnsAndQuantiles() {
        Rollup rollup = Rollup.ofHistogram(ACK.tenant(), ACK.id(), ACK.names(), ACK.values(), "1m",
                new HistogramWindowAggregate(T0, T0 + MINUTE, 6, 1, 30, 0.36, 3, 1e-9, 2, -55,
                        new double[] {10, 0, 18}, 0, new double[0], 0.009, 0.01, 0.011, 0.012));

        GenericRecord row = AvroRows.rollup(rollup);

        assertThat(GenericData.get().validate(ColdDataset.ROLLUPS.schema(), row)).isTrue();
        assertThat(row.get("kind")).hasToString("histogram");
        assertThat(row.get("region")).hasToString("eu");
        assertThat(row.get("count")).isEqualTo(6L);
        assertThat(row.get("sum")).isEqualTo(0.36);
        assertThat(row.get("increase")).isEqualTo(30.0);
        assertThat(row.get("resets")).isEqualTo(1L);
        assertThat(row.get("min")).isNull();
        assertThat(row.get("last")).isNull();
        assertThat(row.get("histogram_scale")).isEqualTo(3);
        assertThat(row.get("histogram_zero_threshold")).isEqualTo(1e-9);
        assertThat(row.get("histogram_zero_count")).isEqualTo(2.0);
        assertThat(row.get("histogram_positive_offset")).isEqualTo(-55);
        assertThat(row.get("histogram_positive_counts")).asList().containsExactly(10.0, 0.0, 18.0);
        assertThat(row.get("histogram_negative_offset")).isNull();
        assertThat(row.get("histogram_negative_counts")).asList().isEmpty();
        assertThat(row.get("p50")).isEqualTo(0.009);
        assertThat(row.get("p99")).isEqualTo(0.012);
    }

    @Test
    void rollup_histogramWithoutObservations_leavesQuantilesNull() {
        Rollup rollup = Rollup.ofHistogram(ACK.tenant(), ACK.id(), ACK.names(), ACK.values(), "1m",
                new HistogramWindowAggregate(T0, T0 + MINUTE, 1, 0, 0, 0, 20, 0, 0, 0, new double[0], 0,
                        new double[0], Double.NaN, Double.NaN, Double.NaN, Double.NaN));

        GenericRecord row = AvroRows.rollup(rollup);

        assertThat(GenericData.get().validate(ColdDataset.ROLLUPS.schema(), row)).isTrue();
        assertThat(row.get("increase")).isEqualTo(0.0);
        assertThat(row.get("p50")).isNull();
        assertThat(row.get("p99")).isNull();
    }
}
