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

    /** PII under another spelling: today's exact-name match let these values into the cold rejected dataset. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Player_ID", "player-id", "PLAYER.ID", "user_email", "user.email", "Email", "client_ip",
            "client.address", "server_address", "x_player_id_hash"})
    void isForbidden_nearMissesByCaseSeparatorOrPattern_forbidden(String pii) {
        assertThat(policy.isForbidden(pii)).isTrue();
        assertThat(policy.check(new String[] {"__name__", pii})).isEqualTo(RejectReason.FORBIDDEN_LABEL);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shard_id", "instance", "region", "asn_bucket", "zip", "ipsum", "mailbox"})
    void isForbidden_ordinaryNames_notForbidden(String name) {
        assertThat(policy.isForbidden(name)).isFalse();
    }

    @Test
    void build_patternMatchingAnAllowedLabel_failsNamingBoth() {
        assertThatThrownBy(() -> LabelPolicy.builder().forbiddenPatterns(List.of("*_id")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("*_id").hasMessageContaining("shard_id");
    }

    @Test
    void keepsValueWhenRejected_onlyIdentityAndAllowlisted() {
        assertThat(policy.keepsValueWhenRejected("instance")).isTrue();
        assertThat(policy.keepsValueWhenRejected("region")).isTrue();
        assertThat(policy.keepsValueWhenRejected("session_id")).isFalse();
        assertThat(policy.keepsValueWhenRejected("player_id")).isFalse();
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
