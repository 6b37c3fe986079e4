package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote_write 1.0 sink: batches capped by samples and bytes, several requests in flight
 * per subtask (sharded by series, so each series stays in timestamp order), float samples and
 * native histograms, 429/5xx retried with backoff and {@code Retry-After}, bad series isolated
 * by splitting the batch, a flush before every checkpoint (at least once) and a per-series
 * high-water mark in the writer state so that a replay is not sent twice.
 *
 * <p>Not built on {@code AsyncSinkBase}: its writer has one in-flight budget for all entries and
 * puts failed entries back ahead of new ones in any batch, so with more than one request in
 * flight a series could reach the receiver out of order (why the official Prometheus sink fixes
 * it at 1). Here each series has its shard, and each shard one request in flight.
 */
public final class RemoteWriteSink implements Sink<Sample>, SupportsWriterState<Sample, RemoteWriteWriterState> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSink.class);

    private final RemoteWriteSettings settings;

    public RemoteWriteSink(RemoteWriteSettings settings) {
        this.settings = settings;
    }

    public RemoteWriteSettings settings() {
        return settings;
    }

    @Override
    public StatefulSinkWriter<Sample, RemoteWriteWriterState> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<Sample, RemoteWriteWriterState> restoreWriter(WriterInitContext context,
            Collection<RemoteWriteWriterState> recoveredState) throws IOException {
        return writer(context.metricGroup(), context.getMailboxExecutor(), context.getProcessingTimeService(), recoveredState);
    }

    /** Flink 1.20 still declares this legacy variant abstract; the runtime calls the one above. */
    @Override
    @Deprecated
    public StatefulSinkWriter<Sample, RemoteWriteWriterState> createWriter(InitContext context) throws IOException {
        return writer(context.metricGroup(), context.getMailboxExecutor(), context.getProcessingTimeService(), List.of());
    }

    @Override
    public SimpleVersionedSerializer<RemoteWriteWriterState> getWriterStateSerializer() {
        return new RemoteWriteWriterStateSerializer();
    }

    private StatefulSinkWriter<Sample, RemoteWriteWriterState> writer(MetricGroup metrics, MailboxExecutor mailbox,
            ProcessingTimeService timers, Collection<RemoteWriteWriterState> recovered) throws IOException {
        LOG.info("remote_write sink: {}", settings);
        return new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings), new RemoteWriteMetrics(metrics), mailbox, timers,
                recovered);
    }
}
