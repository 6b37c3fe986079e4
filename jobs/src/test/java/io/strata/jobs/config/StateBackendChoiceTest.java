package io.strata.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StateBackendChoiceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ROCKSDB, rocksdb, true", "HASHMAP, hashmap, false"})
    void applyTo_setsFlinksBackendAndIncrementalCheckpointsOnlyForRocksDb(StateBackendChoice choice, String type, String incremental) {
        Configuration config = new Configuration();
        choice.applyTo(config);

        assertThat(config.toMap()).containsEntry("state.backend.type", type)
                .containsEntry("execution.checkpointing.incremental", incremental);
    }
}
