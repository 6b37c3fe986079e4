package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.testutils.TestSeries;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {

    private static final TestSeries SERIES = TestSeries.of("__name__", "cpu_temp", "instance", "gs-1:9100", "job", "gameserver");

    @Test
    void defaultTenant_keepsTheBareSeriesId_asZeroOneZeroSavepointsWereKeyed() throws Exception {
        assertThat(new SeriesKey().getKey(SERIES.gauge(0, 1))).isEqualTo(SERIES.id());
    }

    @Test
    void otherTenants_getOtherKeys_forTheSameLabels() throws Exception {
        long acme = new SeriesKey().getKey(TestSeries.ofTenant("acme", "__name__", "cpu_temp").gauge(0, 1));
        long globex = new SeriesKey().getKey(TestSeries.ofTenant("globex", "__name__", "cpu_temp").gauge(0, 1));
        assertThat(acme).isNotEqualTo(globex).isNotEqualTo(TestSeries.of("__name__", "cpu_temp").id());
    }

    @Test
    void seriesId_recoversTheIdFromAKey_andRollupsKeyLikeTheirSamples() throws Exception {
        for (String tenant : new String[] {"default", "acme", ""}) {
            Sample sample = TestSeries.ofTenant(tenant, "__name__", "cpu_temp").gauge(0, 1);
            long key = new SeriesKey().getKey(sample);
            assertThat(key).isEqualTo(SeriesKey.of(tenant, sample.seriesId()));
            assertThat(SeriesKey.seriesId(key, tenant)).isEqualTo(sample.seriesId());
        }
    }
}
