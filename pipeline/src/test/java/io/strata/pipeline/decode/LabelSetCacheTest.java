package io.strata.pipeline.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabelSetCacheTest {

    private static final byte[] KEY = "\n\u0010\n\u0008__name__\u0012\u0002up".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void get_sameBytes_givesTheCachedSet() {
        LabelSetCache cache = new LabelSetCache(4);
        LabelSet set = set(KEY);
        cache.put(LabelSetCache.hash(KEY, KEY.length), set);

        assertThat(cache.get(LabelSetCache.hash(KEY, KEY.length), KEY.clone(), KEY.length)).isSameAs(set);
    }

    @Test
    void get_sameHashOtherBytes_isAMiss() {
        LabelSetCache cache = new LabelSetCache(4);
        long hash = LabelSetCache.hash(KEY, KEY.length);
        cache.put(hash, set(KEY));
        byte[] other = KEY.clone();
        other[other.length - 1] = 'q';

        // Forced to the same hash: the bytes still decide.
        assertThat(cache.get(hash, other, other.length)).isNull();
        assertThat(cache.get(hash, KEY, KEY.length - 1)).isNull();
    }

    @Test
    void put_beyondMaximum_startsOverInsteadOfGrowing() {
        LabelSetCache cache = new LabelSetCache(2);
        cache.put(1, set(KEY));
        cache.put(2, set(KEY));
        cache.put(3, set(KEY));

        assertThat(cache.get(1, KEY, KEY.length)).isNull();
        assertThat(cache.get(3, KEY, KEY.length)).isNotNull();
    }

    private static LabelSet set(byte[] wire) {
        return new LabelSet(wire, new String[] {"__name__"}, new String[] {"up"}, 1, "up", null, null, null);
    }
}
