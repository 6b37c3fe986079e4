package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class TwoWaySeriesCacheTest {

    /** Ids 1, 1 + 4 and 1 + 8 share a set of a 4-set cache. */
    private static final long A = 1;
    private static final long B = 5;
    private static final long C = 9;

    private static boolean named(String entry, String key) {
        return entry.equals(key);
    }

    @Test
    void find_twoSeriesOfOneSet_bothStayCached() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, "a");
        cache.put(B, "b");

        for (int i = 0; i < 3; i++) {
            assertThat(cache.find(A, "a", TwoWaySeriesCacheTest::named)).isEqualTo("a");
            assertThat(cache.find(B, "b", TwoWaySeriesCacheTest::named)).isEqualTo("b");
        }
    }

    @Test
    void put_thirdSeriesOfASet_evictsTheLessRecentlyUsed() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, "a");
        cache.put(B, "b");
        cache.find(A, "a", TwoWaySeriesCacheTest::named);

        cache.put(C, "c");

        assertThat(cache.find(A, "a", TwoWaySeriesCacheTest::named)).isEqualTo("a");
        assertThat(cache.find(C, "c", TwoWaySeriesCacheTest::named)).isEqualTo("c");
        assertThat(cache.find(B, "b", TwoWaySeriesCacheTest::named)).isNull();
    }

    @Test
    void find_entryThatDoesNotMatch_isAMiss() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, "a");

        assertThat(cache.find(A, "other labels under the same id", TwoWaySeriesCacheTest::named)).isNull();
        assertThat(cache.find(2, "a", TwoWaySeriesCacheTest::named)).as("another set").isNull();
    }

    @Test
    void new_setsNotAPowerOfTwo_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TwoWaySeriesCache<>(3)).withMessageContaining("power of two");
    }
}
