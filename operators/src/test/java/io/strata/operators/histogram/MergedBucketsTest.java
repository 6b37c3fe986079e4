package io.strata.operators.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedBucketsTest {

    /** Buckets -3..2 with counts 1..6. */
    private static ExponentialBuckets buckets() {
        ExponentialBuckets buckets = new ExponentialBuckets(16);
        buckets.include(-3, 2);
        for (int index = -3; index <= 2; index++) {
            buckets.addInWindow(index, index + 4);
        }
        return buckets;
    }

    private static List<String> walk(MergedBuckets merged) {
        List<String> steps = new ArrayList<>();
        while (merged.next()) {
            steps.add(merged.index() + "=" + merged.count());
        }
        return steps;
    }

    @Test
    void next_noShift_isEachBucket() {
        assertThat(walk(new MergedBuckets(buckets(), 0, 0))).containsExactly("-3=1.0", "-2=2.0", "-1=3.0", "0=4.0", "1=5.0", "2=6.0");
    }

    @Test
    void next_shiftOne_addsPairsFlooringNegativeIndices() {
        // index >> 1: -3 -> -2, -2 -> -1, -1 -> -1, 0 -> 0, 1 -> 0, 2 -> 1.
        assertThat(walk(new MergedBuckets(buckets(), 1, 0))).containsExactly("-2=1.0", "-1=5.0", "0=9.0", "1=6.0");
    }

    @Test
    void next_fromAPosition_skipsTheBucketsBeforeIt() {
        assertThat(walk(new MergedBuckets(buckets(), 2, 3))).containsExactly("0=15.0");
        assertThat(walk(new MergedBuckets(buckets(), 2, 6))).isEmpty();
    }
}
