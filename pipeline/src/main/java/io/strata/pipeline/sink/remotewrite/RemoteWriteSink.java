package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Sample;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The first remote_write sink: batches per subtask (sent when full or {@code maxBatchAge} old),
 * one request at a time, retries 429/5xx with backoff, flushes before every checkpoint (at least
 * once). Samples of one series reach one
 * subtask in order, so requests keep each series in timestamp order.
 */
public final class RemoteWriteSink implements Sink<Sample> {

    private static final long serialVersionUID = 1L;

    private final RemoteWriteSettings settings;

    public RemoteWriteSink(RemoteWriteSettings settings) {
        this.settings = settings;
    }

    @Override
    public SinkWriter<Sample> createWriter(WriterInitContext context) {
        return new RemoteWriteSinkWriter(settings, context.metricGroup(), context.getProcessingTimeService());
    }

    /** Flink 1.20 still declares this legacy variant abstract; the runtime calls the one above. */
    @Override
    @Deprecated
    public SinkWriter<Sample> createWriter(InitContext context) {
        return new RemoteWriteSinkWriter(settings, context.metricGroup(), context.getProcessingTimeService());
    }
}
