package io.strata.operators.series;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesIdTest {

    @Test
    void of_sameLabels_sameId() {
        assertThat(SeriesId.of(new String[] {"__name__", "job"}, new String[] {"up", "api"}))
                .isEqualTo(SeriesId.of(new String[] {"__name__", "job"}, new String[] {"up", "api"}));
    }

    @Test
    void of_boundaryBetweenNameAndValueMoved_differentId() {
        assertThat(SeriesId.of(new String[] {"ab"}, new String[] {"c"}))
                .isNotEqualTo(SeriesId.of(new String[] {"a"}, new String[] {"bc"}));
    }

    @Test
    void of_valueChanged_differentId() {
        assertThat(SeriesId.of(new String[] {"__name__", "job"}, new String[] {"up", "api"}))
                .isNotEqualTo(SeriesId.of(new String[] {"__name__", "job"}, new String[] {"up", "web"}));
    }

    @Test
    void inferFromName_counterSuffixes_counter() {
        assertThat(MetricKind.inferFromName("http_requests_total")).isEqualTo(MetricKind.COUNTER);
        assertThat(MetricKind.inferFromName("tick_seconds_bucket")).isEqualTo(MetricKind.COUNTER);
        assertThat(MetricKind.inferFromName("tick_seconds_count")).isEqualTo(MetricKind.COUNTER);
        assertThat(MetricKind.inferFromName("tick_seconds_sum")).isEqualTo(MetricKind.COUNTER);
        assertThat(MetricKind.inferFromName("cpu_temp")).isEqualTo(MetricKind.GAUGE);
    }
}
