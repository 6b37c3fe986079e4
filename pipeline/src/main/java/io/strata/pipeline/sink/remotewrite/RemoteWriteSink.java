package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.util.Collector;
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
 *
 * <p>The samples the receiver refuses for their series alone are counted, and, when the writer
 * runs through {@link #writeAndReturnRefused}, also returned as {@link Rejected} records.
 */
public final class RemoteWriteSink implements Sink<Sample>, SupportsWriterState<Sample, RemoteWriteWriterState>,
        SupportsCommitter<Rejected> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteSink.class);

    private final RemoteWriteSettings settings;
    private final boolean keepsRefused;

    /** A sink that only counts the samples the receiver refuses. */
    public RemoteWriteSink(RemoteWriteSettings settings) {
        this(settings, false);
    }

    private RemoteWriteSink(RemoteWriteSettings settings, boolean keepsRefused) {
        this.settings = settings;
        this.keepsRefused = keepsRefused;
    }

    /**
     * Writes {@code samples} with this sink's writer as an operator of the job graph and returns
     * the samples the receiver refused for their series alone, as {@link Rejected} records: a
     * sink has no side output, so the writer hands them over as committables before each
     * checkpoint barrier and at the end of the input, and they flow on like any other record.
     *
     * @param uid the writer's uid, the same as when it runs as a sink, so its state restores
     */
    public DataStream<Rejected> writeAndReturnRefused(DataStream<Sample> samples, String name, String uid, String refusedUid) {
        RemoteWriteSink keeping = new RemoteWriteSink(settings, true);
        return samples.transform(name, CommittableMessageTypeInfo.of(keeping::getCommittableSerializer),
                        new SinkWriterOperatorFactory<Sample, Rejected>(keeping))
                .uid(uid)
                .flatMap(new CommittedSamples())
                .returns(OutputTags.REJECTED.getTypeInfo())
                .name(name + ": refused")
                .uid(refusedUid);
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

    @Override
    public Committer<Rejected> createCommitter(CommitterInitContext context) {
        return new RemoteWriteRejectedCommitter();
    }

    @Override
    public SimpleVersionedSerializer<Rejected> getCommittableSerializer() {
        return new RejectedSamplesSerializer();
    }

    private StatefulSinkWriter<Sample, RemoteWriteWriterState> writer(MetricGroup metrics, MailboxExecutor mailbox,
            ProcessingTimeService timers, Collection<RemoteWriteWriterState> recovered) throws IOException {
        LOG.info("remote_write sink: {}", settings);
        return new RemoteWriteSinkWriter(settings, RemoteWriteHttp.create(settings), new RemoteWriteMetrics(metrics), mailbox, timers,
                recovered, keepsRefused);
    }

    /** The refused samples out of the writer's committable messages; its summaries carry none. */
    private static final class CommittedSamples implements FlatMapFunction<CommittableMessage<Rejected>, Rejected> {

        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(CommittableMessage<Rejected> message, Collector<Rejected> out) {
            if (message instanceof CommittableWithLineage<Rejected> committed) {
                out.collect(committed.getCommittable());
            }
        }
    }
}
