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
    void find_entryOfAnotherIdInTheSet_isAMissWithoutAskingThePredicate() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, "a");

        assertThat(cache.find(B, "a", (entry, key) -> {
            throw new AssertionError("asked about " + entry);
        })).isNull();
    }

    @Test
    void findTagged_sameIdAndTag_hits_otherTagOrId_misses() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, 11, "a");
        cache.put(B, 22, "b");

        assertThat(cache.find(A, 11)).isEqualTo("a");
        assertThat(cache.find(B, 22)).isEqualTo("b");
        assertThat(cache.find(A, 22)).as("another label set under id A").isNull();
        assertThat(cache.find(C, 11)).as("another id of the set").isNull();
        assertThat(cache.find(0, 0)).as("an empty set").isNull();
    }

    @Test
    void putTagged_thirdSeriesOfASet_evictsTheLessRecentlyUsed_withItsTag() {
        TwoWaySeriesCache<String> cache = new TwoWaySeriesCache<>(4);
        cache.put(A, 11, "a");
        cache.put(B, 22, "b");
        assertThat(cache.find(A, 11)).isEqualTo("a");

        cache.put(C, 33, "c");

        assertThat(cache.find(A, 11)).isEqualTo("a");
        assertThat(cache.find(C, 33)).isEqualTo("c");
        assertThat(cache.find(B, 22)).isNull();
        assertThat(cache.find(A, 11)).as("still there after its set-mate was used").isEqualTo("a");
    }

    @Test
    void new_setsNotAPowerOfTwo_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TwoWaySeriesCache<>(3)).withMessageContaining("power of two");
    }
}
