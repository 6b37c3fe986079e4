package io.strata.pipeline.sink.remotewrite;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.TestSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteWriteBatchTest {

    private static final TestSeries A = TestSeries.of("__name__", "a");
    private static final TestSeries B = TestSeries.of("__name__", "b");

    @Test
    void splitByTimestamp_aroundTheMedian_olderHalfFirstAndMarked() {
        RemoteWriteBatch batch = batch(A.gauge(T0, 1), B.gauge(T0, 1), A.gauge(T0 + SECOND, 2), B.gauge(T0 + SECOND, 2));

        RemoteWriteBatch[] halves = batch.splitByTimestamp();

        assertThat(halves[0].samples()).extracting(Sample::timestampEpochMillis).containsOnly(T0);
        assertThat(halves[1].samples()).extracting(Sample::timestampEpochMillis).containsOnly(T0 + SECOND);
        assertThat(halves).allSatisfy(h -> assertThat(h.splitByTime()).isTrue());
        assertThat(batch.splitByTime()).isFalse();
    }

    @Test
    void splitByTimestamp_mostAtTheOldest_theOldestAloneFirst() {
        RemoteWriteBatch batch = batch(A.gauge(T0, 1), B.gauge(T0, 1), A.gauge(T0 + SECOND, 2));

        RemoteWriteBatch[] halves = batch.splitByTimestamp();

        assertThat(halves[0].samples()).extracting(Sample::timestampEpochMillis).containsExactly(T0, T0);
        assertThat(halves[1].samples()).extracting(Sample::timestampEpochMillis).containsExactly(T0 + SECOND);
    }

    @Test
    void splitByTimestamp_oneTimestamp_cannotSplit() {
        assertThat(batch(A.gauge(T0, 1), B.gauge(T0, 1)).splitByTimestamp()).isNull();
    }

    @Test
    void removeOlderThan_takesOnlyTheOlderOnes() {
        RemoteWriteBatch batch = batch(A.gauge(T0, 1), A.gauge(T0 + SECOND, 2), B.gauge(T0 + 2 * SECOND, 3));

        assertThat(batch.removeOlderThan(T0 + SECOND)).extracting(Sample::timestampEpochMillis).containsExactly(T0);
        assertThat(batch.samples()).extracting(Sample::timestampEpochMillis).containsExactly(T0 + SECOND, T0 + 2 * SECOND);
        assertThat(batch.newestEpochMillis()).isEqualTo(T0 + 2 * SECOND);
    }

    private static RemoteWriteBatch batch(Sample... samples) {
        return new RemoteWriteBatch("", new ArrayList<>(List.of(samples)), SeriesLabels::fields);
    }
}
