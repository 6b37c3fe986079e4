package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Rejected;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * Commits nothing: the refused samples are counted by the writer and, when it runs through
 * {@link RemoteWriteSink#writeAndReturnRefused}, taken from its committables on their way out.
 * Flink requires a committer of a sink whose writer hands over committables.
 */
final class RemoteWriteRejectedCommitter implements Committer<Rejected> {

    @Override
    public void commit(Collection<CommitRequest<Rejected>> requests) {}

    @Override
    public void close() {}
}
