package io.strata.pipeline.testutils;

import io.strata.pipeline.state.cache.StateCachingFunction;
import io.strata.pipeline.state.cache.StateCachingProcessOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Opened test harnesses of keyed functions: on the heap, or cached on RocksDB as the job runs them. */
public final class KeyedHarnesses {

    private KeyedHarnesses() {}

    /** {@code function} on the heap backend, restored from {@code restored} unless it is null. */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<Long, I, O> onHeap(
            KeyedProcessFunction<Long, I, O> function, KeySelector<I, Long> key, OperatorSubtaskState restored) throws Exception {
        return open(new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), key, Types.LONG), restored);
    }

    /** {@code function} in a {@link StateCachingProcessOperator} of {@code capacity} on RocksDB. */
    public static <I, O, F extends KeyedProcessFunction<Long, I, O> & StateCachingFunction>
            KeyedOneInputStreamOperatorTestHarness<Long, I, O> cachedOnRocksDb(
                    F function, KeySelector<I, Long> key, int capacity, OperatorSubtaskState restored) throws Exception {
        return open(new StateCachingProcessOperator<>(function, capacity), key, new EmbeddedRocksDBStateBackend(), restored);
    }

    /** {@code operator} on {@code backend}, restored from {@code restored} unless it is null. */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<Long, I, O> open(OneInputStreamOperator<I, O> operator,
            KeySelector<I, Long> key, StateBackend backend, OperatorSubtaskState restored) throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, key, Types.LONG);
        harness.setStateBackend(backend);
        return open(harness, restored);
    }

    /** How many keys hold a value in each of {@code states}, summed (works on every backend). */
    public static long storedKeys(KeyedOneInputStreamOperatorTestHarness<Long, ?, ?> harness, String... states) throws Exception {
        var operator = (AbstractStreamOperator<?>) harness.getOperator();
        long keys = 0;
        for (String state : states) {
            try (Stream<?> stored = operator.getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
                keys += stored.count();
            }
        }
        return keys;
    }

    private static <I, O> KeyedOneInputStreamOperatorTestHarness<Long, I, O> open(
            KeyedOneInputStreamOperatorTestHarness<Long, I, O> harness, OperatorSubtaskState restored) throws Exception {
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }
}
