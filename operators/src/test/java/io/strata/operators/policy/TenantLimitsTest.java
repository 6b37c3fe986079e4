package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantLimitsTest {

    private static final int MAX_NAMES = 4;
    private static final int MAX_VALUE_LENGTH = 8;
    private static final TenantLimits LIMITS = new TenantLimits(100, 1000, MAX_NAMES, MAX_VALUE_LENGTH, 50);

    private static String[] names(int n) {
        String[] names = new String[n];
        names[0] = "__name__";
        for (int i = 1; i < n; i++) {
            names[i] = "l" + i;
        }
        return names;
    }

    private static String[] values(int n, int length) {
        String[] values = new String[n];
        Arrays.fill(values, "v".repeat(length));
        return values;
    }

    @Test
    void checkLabels_atBothLimits_isNull() {
        assertThat(LIMITS.checkLabels(names(MAX_NAMES), values(MAX_NAMES, MAX_VALUE_LENGTH))).isNull();
    }

    @Test
    void checkLabels_oneLabelTooMany_isTooManyLabels() {
        assertThat(LIMITS.checkLabels(names(MAX_NAMES + 1), values(MAX_NAMES + 1, 1)))
                .isEqualTo(RejectReason.TOO_MANY_LABELS);
    }

    @Test
    void checkLabels_oneValueOneCharTooLong_isLabelValueTooLong() {
        String[] values = values(3, 1);
        values[2] = "v".repeat(MAX_VALUE_LENGTH + 1);

        assertThat(LIMITS.checkLabels(names(3), values)).isEqualTo(RejectReason.LABEL_VALUE_TOO_LONG);
    }

    @Test
    void checkLabels_tooManyAndTooLong_isTooManyLabels() {
        assertThat(LIMITS.checkLabels(names(MAX_NAMES + 1), values(MAX_NAMES + 1, MAX_VALUE_LENGTH + 1)))
                .isEqualTo(RejectReason.TOO_MANY_LABELS);
    }

    @Test
    void checkLabels_platformDefault_allows30LabelsOf2048Chars() {
        TenantLimits d = TenantLimits.PLATFORM_DEFAULT;

        assertThat(d.checkLabels(names(30), values(30, 2048))).isNull();
        assertThat(d.checkLabels(names(31), values(31, 1))).isEqualTo(RejectReason.TOO_MANY_LABELS);
        assertThat(d.checkLabels(names(2), values(2, 2049))).isEqualTo(RejectReason.LABEL_VALUE_TOO_LONG);
    }

    @Test
    void platformDefault_values_matchDesignCard() {
        assertThat(TenantLimits.PLATFORM_DEFAULT)
                .isEqualTo(new TenantLimits(20_000, 2_000_000, 30, 2048, 100));
    }

    @ParameterizedTest(name = "samplesPerSecond {0}")
    @ValueSource(doubles = {0, -1, Double.NaN})
    void constructor_nonPositiveRate_isRejected(double rate) {
        assertThatThrownBy(() -> new TenantLimits(rate, 1000, MAX_NAMES, MAX_VALUE_LENGTH, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samplesPerSecond");
    }

    @Test
    void constructor_zeroMaxSeries_isRejected() {
        assertThatThrownBy(() -> new TenantLimits(100, 0, MAX_NAMES, MAX_VALUE_LENGTH, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSeries=0");
    }

    @Test
    void constructor_zeroMaxLabelNames_isRejected() {
        assertThatThrownBy(() -> new TenantLimits(100, 1000, 0, MAX_VALUE_LENGTH, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLabelNames=0");
    }

    @Test
    void constructor_zeroMaxLabelValueLength_isRejected() {
        assertThatThrownBy(() -> new TenantLimits(100, 1000, MAX_NAMES, 0, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLabelValueLength=0");
    }
}
