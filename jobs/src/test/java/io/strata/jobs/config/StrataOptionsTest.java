package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class StrataOptionsTest {

    @Test
    void all_keysAreUnique() {
        assertThat(StrataOptions.ALL).extracting(ConfigOption::key).doesNotHaveDuplicates();
    }

    @Test
    void find_tenantAndDerivedEndpointKeys_resolveToTheirDeclarations() {
        assertThat(StrataOptions.find("limits.tenants.lowprio.priority").key()).isEqualTo("limits.tenants.<tenant>.priority");
        assertThat(StrataOptions.find("hot.remote-write.derived.auth.bearer-token").key())
                .isEqualTo("hot.remote-write.auth.bearer-token");
        assertThat(StrataOptions.find("job.paralellism")).isNull();
    }

    @Test
    void keysUnder_section_areItsDeclaredChildrenInTableOrder() {
        assertThat(ConfigReader.keysUnder("job")).containsExactly("parallelism", "checkpoint-interval", "state-backend");
        assertThat(ConfigReader.keysUnder("")).containsExactly("source", "policy", "limits", "overload", "event-time", "rollups",
                "rules", "hot", "cold", "job");
        assertThat(ConfigReader.keysUnder("limits.tenants")).containsExactly(StrataOptions.TENANT);
    }

    @Test
    void read_undeclaredKey_isAProgrammingErrorNamingIt() {
        ConfigReader reader = new ConfigReader();

        assertThatThrownBy(() -> reader.bool(JsonNodeFactory.instance.objectNode(), "job", "turbo", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config key job.turbo is read but not declared in StrataOptions");
    }

    @Test
    void read_asAnotherType_isAProgrammingErrorNamingBoth() {
        ConfigReader reader = new ConfigReader();

        assertThatThrownBy(() -> reader.duration(JsonNodeFactory.instance.objectNode(), "job", "parallelism", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config key job.parallelism is read as [DURATION] but StrataOptions declares it COUNT");
    }
}
