package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Rejected;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * Commits nothing: the rejected samples are already counted by the writer, and the committer
 * stage only hands them, once their checkpoint is complete, to the post-commit topology that
 * writes them to the cold rejected dataset.
 */
final class RemoteWriteRejectedCommitter implements Committer<Rejected> {

    @Override
    public void commit(Collection<CommitRequest<Rejected>> requests) {}

    @Override
    public void close() {}
}
