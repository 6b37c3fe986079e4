package io.strata.jobs.config;

import java.util.Locale;
import org.apache.flink.configuration.Configuration;

/**
 * Where a job keeps its keyed state ({@code job.state-backend}): on the heap, or in RocksDB with
 * incremental checkpoints, which only upload the files written since the last one.
 */
public enum StateBackendChoice {
    /** Flink's {@code hashmap}: fastest while the state fits in the heap; every checkpoint is full. */
    HASHMAP,
    /** Flink's {@code rocksdb} with {@code execution.checkpointing.incremental}: state beyond the heap, small checkpoints. */
    ROCKSDB;

    /** Sets {@code state.backend.type} (and incremental checkpoints for RocksDB) on a job's configuration. */
    public void applyTo(Configuration config) {
        config.setString("state.backend.type", name().toLowerCase(Locale.ROOT));
        config.setString("execution.checkpointing.incremental", Boolean.toString(this == ROCKSDB));
    }
}
