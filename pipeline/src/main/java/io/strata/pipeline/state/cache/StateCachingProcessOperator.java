package io.strata.pipeline.state.cache;

import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Runs a {@link StateCachingFunction} like {@link KeyedProcessOperator} (same state, same timers,
 * so savepoints of either restore in the other), giving it a {@link KeyedStateCache} that is
 * written back before every snapshot. Caching is off on the heap backend, whose state already is
 * live objects; on RocksDB it saves a read and a write of serialized state per record.
 */
public final class StateCachingProcessOperator<K, I, O> extends KeyedProcessOperator<K, I, O> {

    private static final long serialVersionUID = 1L;

    private final int capacity;
    private transient KeyedStateCache cache;

    /** @param capacity keys cached per state and subtask ({@link KeyedStateCache#DEFAULT_CAPACITY}) */
    public <F extends KeyedProcessFunction<K, I, O> & StateCachingFunction> StateCachingProcessOperator(F function, int capacity) {
        super(function);
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public void open() throws Exception {
        cache = new KeyedStateCache(this, getKeyedStateBackend() instanceof HeapKeyedStateBackend ? 0 : capacity);
        ((StateCachingFunction) userFunction).cacheStateIn(cache);
        super.open();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        cache.writeBack();
        super.snapshotState(context);
    }
}
