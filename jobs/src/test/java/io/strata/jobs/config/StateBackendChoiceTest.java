package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class StateBackendChoiceTest {

    @Test
    void applyTo_rocksdb_setsRocksDbWithIncrementalCheckpoints() {
        Configuration config = new Configuration();
        StateBackendChoice.ROCKSDB.applyTo(config);

        assertThat(config.toMap()).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.checkpointing.incremental", "true");
    }

    @Test
    void applyTo_hashmap_setsHeapWithFullCheckpoints() {
        Configuration config = new Configuration();
        StateBackendChoice.HASHMAP.applyTo(config);

        assertThat(config.toMap()).containsEntry("state.backend.type", "hashmap")
                .containsEntry("execution.checkpointing.incremental", "false");
    }
}
