package io.strata.operators.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResolutionTest {

    @Test
    void of_label_isTheResolutionWithItsWindow() {
        assertThat(Resolution.of("1m").windowMillis()).isEqualTo(60_000);
        assertThat(Resolution.of("5m")).isEqualTo(Resolution.FIVE_MINUTES);
        assertThat(Resolution.of("1h").windowMillis()).isEqualTo(3_600_000);
        assertThat(Resolution.ONE_HOUR.windowMillis() % Resolution.FIVE_MINUTES.windowMillis()).isZero();
    }

    @Test
    void of_unknownLabel_namesTheOnesThereAre() {
        assertThatThrownBy(() -> Resolution.of("10s")).hasMessage("no resolution 10s; there are 1m, 5m and 1h");
    }
}
