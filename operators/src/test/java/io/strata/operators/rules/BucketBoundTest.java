package io.strata.operators.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BucketBoundTest {

    @ParameterizedTest(name = "le=\"{0}\"")
    @CsvSource({"+Inf, Infinity", "Inf, Infinity", "inf, Infinity", "-Inf, -Infinity", "0.25, 0.25", "1e-1, 0.1",
        "2E-1, 0.2", "10, 10", "-5, -5", "0x1p-2, 0.25"})
    void parse_goFloatSyntax(String le, double expected) {
        assertThat(BucketBound.parse(le)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "le=\"{0}\"")
    @ValueSource(strings = {"", "abc", "1d", "2f", " 1", "NaN", "1,5"})
    void parse_notANumber_nan(String le) {
        assertThat(BucketBound.parse(le)).isNaN();
    }
}
