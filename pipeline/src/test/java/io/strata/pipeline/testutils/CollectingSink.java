package io.strata.pipeline.testutils;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for MiniCluster tests that keeps what it receives in this JVM, under a name of its own
 * so that jobs and test classes running side by side never see each other's records.
 */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, ConcurrentLinkedQueue<Object>> RECEIVED = new ConcurrentHashMap<>();

    private final String name = UUID.randomUUID().toString();
    private final FilterFunction<T> keep;

    public CollectingSink() {
        this(element -> true);
    }

    /** Keeps only the elements {@code keep} accepts, for jobs whose output is too large to hold. */
    public CollectingSink(FilterFunction<T> keep) {
        this.keep = keep;
        RECEIVED.put(name, new ConcurrentLinkedQueue<>());
    }

    /** Everything received so far, in arrival order per writer. */
    @SuppressWarnings("unchecked")
    public List<T> received() {
        return (List<T>) List.copyOf(RECEIVED.get(name));
    }

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
        return writer();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return writer();
    }

    private SinkWriter<T> writer() {
        ConcurrentLinkedQueue<Object> queue = RECEIVED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException {
                try {
                    if (keep.filter(element)) {
                        queue.add(element);
                    }
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {}

            @Override
            public void close() {}
        };
    }
}
