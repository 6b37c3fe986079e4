package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dynatrace.hash4j.hashing.Hashing;
import io.strata.operators.series.MetricKind;
import org.junit.jupiter.api.Test;

class SeriesTest {

    private static final String[] NAMES = {"__name__", "instance", "region"};
    private static final String[] VALUES = {"cpu_temp", "gs-17", "eu-west-1"};

    @Test
    void hostKey_isTheHashOfTenantAndInstance_asKeyedStateHasIt() {
        Series series = new Series("team-a", 42, NAMES, VALUES);

        assertThat(series.hostKey())
                .isEqualTo(Hashing.xxh3_64().hashStream().putString("team-a").putString("gs-17").getAsLong())
                .isEqualTo(series.hostKey());
    }

    @Test
    void hostKey_withoutInstance_isTheTenantsEmptyHost() {
        Series series = new Series("team-a", 42, new String[] {"__name__"}, new String[] {"up"});

        assertThat(series.hostKey()).isEqualTo(Hashing.xxh3_64().hashStream().putString("team-a").putString("").getAsLong());
    }

    @Test
    void tenantShardKey_isTheHashOfTenantAndShard_forEachShardCount() {
        Series series = new Series("team-a", -7, NAMES, VALUES);

        assertThat(series.tenantShardKey(4)).isEqualTo(Hashing.xxh3_64().hashStream().putString("team-a").putInt(1).getAsLong());
        assertThat(series.tenantShardKey(16)).isEqualTo(Hashing.xxh3_64().hashStream().putString("team-a").putInt(9).getAsLong());
        assertThat(Series.shardOf(-7, 16)).isEqualTo(9);
    }

    @Test
    void key_isTheRollupKey_idSaltedByTenant_bareForTheDefaultTenant() {
        Series series = new Series("team-a", 42, NAMES, VALUES);

        assertThat(series.key())
                .isEqualTo(42 ^ Hashing.xxh3_64().hashCharsToLong("team-a"))
                .isEqualTo(new SeriesKey().getKey(Sample.ofFloat(series, MetricKind.GAUGE, 0, 1)));
        assertThat(new Series(SeriesKey.UNSALTED_TENANT, 42, NAMES, VALUES).key()).isEqualTo(42);
    }

    @Test
    void equals_sameTenantIdAndLabels_evenInOtherArrays() {
        Series series = new Series("team-a", 42, NAMES, VALUES);

        assertThat(series).isEqualTo(new Series("team-a", 42, NAMES.clone(), VALUES.clone()))
                .isNotEqualTo(new Series("team-b", 42, NAMES, VALUES))
                .isNotEqualTo(new Series("team-a", 43, NAMES, VALUES))
                .isNotEqualTo(new Series("team-a", 42, NAMES, new String[] {"cpu_temp", "gs-18", "eu-west-1"}));
    }

    @Test
    void constructor_namesAndValuesOfOtherLengths_isRefused() {
        assertThatThrownBy(() -> new Series("team-a", 1, NAMES, new String[] {"x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 label names but 1 values");
    }

    @Test
    void memo_sameKey_derivedOnce_otherKeyReplacesIt() {
        Series series = new Series("team-a", 42, NAMES, VALUES);
        Object writer = new Object();
        Object policy = new Object();
        int[] derived = {0};

        String first = series.memo(writer, s -> "encoded " + s.id() + " #" + ++derived[0]);
        String again = series.memo(writer, s -> "encoded again #" + ++derived[0]);
        String verdict = series.memo(policy, s -> "verdict #" + ++derived[0]);
        String encodedAgain = series.memo(writer, s -> "encoded " + s.id() + " #" + ++derived[0]);

        assertThat(again).isSameAs(first).isEqualTo("encoded 42 #1");
        assertThat(verdict).isEqualTo("verdict #2");
        assertThat(encodedAgain).isEqualTo("encoded 42 #3");
    }
}
