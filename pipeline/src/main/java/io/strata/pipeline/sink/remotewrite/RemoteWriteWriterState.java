package io.strata.pipeline.sink.remotewrite;

/**
 * A remote_write writer's checkpointed state: the last delivered timestamp per series (parallel
 * arrays). Batches are not part of it: the writer flushes before every checkpoint.
 */
public record RemoteWriteWriterState(long[] series, long[] timestamps) {

    public RemoteWriteWriterState {
        if (series.length != timestamps.length) {
            throw new IllegalArgumentException(series.length + " series but " + timestamps.length + " timestamps");
        }
    }
}
