package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.operators.policy.LabelPolicy.UnknownLabelAction;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelPolicyTest {

    private final LabelPolicy policy = LabelPolicy.platformDefault();

    @Test
    void check_identityAndAllowlistedLabels_passes() {
        assertThat(policy.check(new String[] {"__name__", "az", "instance", "job", "le", "queue", "region"})).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"player_id", "raw_ip", "ip", "email", "request_id", "free_text"})
    void check_forbiddenLabel_isForbidden(String pii) {
        assertThat(policy.check(new String[] {"__name__", pii, "region"})).isEqualTo(RejectReason.FORBIDDEN_LABEL);
        assertThat(policy.isForbidden(pii)).isTrue();
    }

    @Test
    void check_forbiddenAndUnknown_forbiddenWins() {
        assertThat(policy.check(new String[] {"__name__", "color", "email"})).isEqualTo(RejectReason.FORBIDDEN_LABEL);
    }

    @Test
    void check_unknownLabel_notAllowed() {
        assertThat(policy.check(new String[] {"__name__", "color"})).isEqualTo(RejectReason.LABEL_NOT_ALLOWED);
    }

    @Test
    void check_quantileLabel_summaryNotSupported() {
        assertThat(policy.check(new String[] {"__name__", "job", "quantile"}))
                .isEqualTo(RejectReason.SUMMARY_NOT_SUPPORTED);
    }

    @Test
    void check_unknownLabelWithStrip_passesAndKeepsOnlyAllowed() {
        LabelPolicy strip = LabelPolicy.builder().unknownLabelAction(UnknownLabelAction.STRIP).build();
        String[] names = {"__name__", "color", "region"};

        assertThat(strip.check(names)).isNull();
        assertThat(strip.hasUnknown(names)).isTrue();
        assertThat(strip.keptPositions(names)).containsExactly(0, 2);
    }

    @Test
    void build_labelBothForbiddenAndAllowed_throwsNamingIt() {
        assertThatThrownBy(() -> LabelPolicy.builder().allowlist(List.of("region", "email")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'email'");
    }
}
