package io.strata.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.config.StateBackendChoice;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.junit.jupiter.api.Test;

class LocalJobRunnerTest {

    private static final ConfigOption<String> BACKEND = ConfigOptions.key("state.backend.type").stringType().noDefaultValue();
    private static final ConfigOption<String> MANAGED = ConfigOptions.key("taskmanager.memory.managed.size").stringType().noDefaultValue();

    @Test
    void environment_rocksdb_givesTheLocalClusterManagedMemoryForIt() {
        ReadableConfig config = LocalJobRunner.environment(2, Duration.ofSeconds(30), StateBackendChoice.ROCKSDB).getConfiguration();

        assertThat(config.get(BACKEND)).isEqualTo("rocksdb");
        assertThat(config.get(MANAGED)).isEqualTo(LocalJobRunner.LOCAL_ROCKSDB_MANAGED_MEMORY);
    }

    @Test
    void environment_heap_leavesManagedMemoryAtFlinksDefault() {
        ReadableConfig config = LocalJobRunner.environment(2, Duration.ofSeconds(30)).getConfiguration();

        assertThat(config.get(BACKEND)).isEqualTo("hashmap");
        assertThat(config.get(MANAGED)).isNull();
    }
}
