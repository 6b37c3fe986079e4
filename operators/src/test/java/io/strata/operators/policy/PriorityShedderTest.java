package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityShedderTest {

    private static final int HIGHEST = 100;
    private static final int SAMPLES = 1000;

    private final PriorityShedder shedder = new PriorityShedder();

    /** The indexes (0-based) of the samples kept out of {@value #SAMPLES}. */
    private List<Integer> kept(int priority) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            if (shedder.keep(priority, HIGHEST)) {
                kept.add(i);
            }
        }
        return kept;
    }

    /**
     * Expected count: priority / 100 × 1000. These fractions are exact in binary floating
     * point; priority 10 (0.1, inexact) is {@link #keep_priority10Of100_keepsExactlyOneInTen}.
     */
    @ParameterizedTest(name = "priority {0} keeps {1} of 1000")
    @CsvSource({"50, 500", "25, 250", "75, 750", "1, 10"})
    void keep_priorityBelowHighest_keepsItsShare(int priority, int expected) {
        assertThat(kept(priority)).hasSize(expected);
    }

    @Test
    void keep_priority10Of100_keepsOneInTenWithinOne() {
        assertThat(kept(10).size()).isBetween(99, 100);
    }

    /**
     * 1000 × 10/100 = 100, every tenth sample. Adding 0.1 ten times gives 0.9999999999999999,
     * so the credit counter first reaches 1 on the 11th sample and keeps 99.
     */
    @Test
    void keep_priority10Of100_keepsExactlyOneInTen() {
        List<Integer> kept = kept(10);

        assertThat(kept).hasSize(100);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).as("gap before kept sample %d", i).isEqualTo(10);
        }
    }

    @Test
    void keep_priority10Of100_spreadsKeptSamplesEvenly() {
        List<Integer> kept = kept(10);

        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).as("gap before kept sample %d", i).isBetween(9, 11);
        }
    }

    @Test
    void keep_highestPriority_keepsAll() {
        assertThat(kept(HIGHEST)).hasSize(SAMPLES);
    }

    @Test
    void keep_aboveHighestPriority_keepsAll() {
        assertThat(kept(HIGHEST + 1)).hasSize(SAMPLES);
    }

    @Test
    void keep_priorityZero_keepsNone() {
        assertThat(kept(0)).isEmpty();
    }

    @Test
    void keep_negativePriority_keepsNone() {
        assertThat(kept(-5)).isEmpty();
    }
}
