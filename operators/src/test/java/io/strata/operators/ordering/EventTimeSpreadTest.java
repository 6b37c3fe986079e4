package io.strata.operators.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTimeSpreadTest {

    @Test
    void record_inOrder_hasNoSpread() {
        EventTimeSpread spread = new EventTimeSpread(60_000);
        for (long t = 0; t < 10; t++) {
            spread.record(t * 1_000);
        }

        assertThat(spread.largestMillis()).isZero();
        assertThat(spread.recentMillis()).isZero();
        assertThat(spread.newestMillis()).isEqualTo(9_000);
    }

    @Test
    void record_behindTheNewest_isHowFarBehind() {
        EventTimeSpread spread = new EventTimeSpread(60_000);
        spread.record(100_000);
        spread.record(40_000);
        spread.record(90_000);

        assertThat(spread.largestMillis()).isEqualTo(60_000);
        assertThat(spread.recentMillis()).isEqualTo(60_000);
    }

    @Test
    void rollPeriod_keepsThePreviousPeriod_thenForgetsIt_butNotTheLargest() {
        EventTimeSpread spread = new EventTimeSpread(60_000);
        spread.rollPeriod(0);
        spread.record(100_000);
        spread.record(40_000);

        spread.rollPeriod(60_000);
        spread.record(95_000);
        assertThat(spread.recentMillis()).as("the previous period still counts").isEqualTo(60_000);

        spread.rollPeriod(120_000);
        assertThat(spread.recentMillis()).as("only the last period's 5 s").isEqualTo(5_000);

        spread.rollPeriod(300_000);
        assertThat(spread.recentMillis()).as("a silent gap of two periods").isZero();
        assertThat(spread.largestMillis()).isEqualTo(60_000);
    }

    @Test
    void constructor_nonPositivePeriod_throws() {
        assertThatThrownBy(() -> new EventTimeSpread(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
