package io.strata.operators.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactedLabelsTest {

    private static final LabelPolicy POLICY = LabelPolicy.platformDefault();

    @Test
    void of_identityAllowlistedUnknownAndForbidden_keepsOnlyClearedValues() {
        RedactedLabels labels = RedactedLabels.of(POLICY,
                new String[] {"__name__", "instance", "player_id", "region", "favourite_colour"},
                new String[] {"tick_seconds", "gs-1:9100", "p-12345", "eu-west-1", "green"});

        assertThat(labels.keptNames()).containsExactly("__name__", "instance", "region");
        assertThat(labels.keptValues()).containsExactly("tick_seconds", "gs-1:9100", "eu-west-1");
        assertThat(labels.redactedNames()).containsExactly("player_id", "favourite_colour");
        assertThat(labels.forbidden()).isTrue();
    }

    @Test
    void of_unknownLabelOnly_isRedactedButNotForbidden() {
        RedactedLabels labels = RedactedLabels.of(POLICY, new String[] {"__name__", "mood"}, new String[] {"m", "happy"});

        assertThat(labels.keptValues()).containsExactly("m");
        assertThat(labels.redactedNames()).containsExactly("mood");
        assertThat(labels.forbidden()).isFalse();
    }

    @Test
    void of_noLabels_keepsNothing() {
        RedactedLabels labels = RedactedLabels.of(POLICY, new String[0], new String[0]);

        assertThat(labels.keptNames()).isEmpty();
        assertThat(labels.redactedNames()).isEmpty();
        assertThat(labels.forbidden()).isFalse();
    }
}
