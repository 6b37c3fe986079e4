package io.strata.pipeline.testutils;

import io.strata.pipeline.JobSettings;
import io.strata.pipeline.state.cache.StateCachingFunction;
import io.strata.pipeline.state.cache.StateCachingProcessOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * Opened test harnesses with Strata's {@link JobSettings} (no Kryo fallback): keyed functions on
 * the heap, or cached on RocksDB as the job runs them, and plain operators. Tests build harnesses
 * only here (an architecture rule holds them to it).
 */
public final class Harnesses {

    private Harnesses() {}

    /** {@code function} on the heap backend, restored from {@code restored} unless it is null. */
    public static <I, O> KeyedOneInputStreamOperatorTestHarness<Long, I, O> onHeap(
            KeyedProcessFunction<Long, I, O> function, KeySelector<I, Long> key, OperatorSubtaskState restored) throws Exception {
        return keyed(new KeyedProcessOperator<>(function), key, Types.LONG, null, restored);
    }

    /** {@code function} in a {@link StateCachingProcessOperator} of {@code capacity} on RocksDB. */
    public static <I, O, F extends KeyedProcessFunction<Long, I, O> & StateCachingFunction>
            KeyedOneInputStreamOperatorTestHarness<Long, I, O> cachedOnRocksDb(
                    F function, KeySelector<I, Long> key, int capacity, OperatorSubtaskState restored) throws Exception {
        return keyed(new StateCachingProcessOperator<>(function, capacity), key, Types.LONG, new EmbeddedRocksDBStateBackend(),
                restored);
    }

    /**
     * {@code operator} keyed by {@code key} on {@code backend} (the heap when null), restored from
     * {@code restored} unless it is null.
     */
    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> keyed(OneInputStreamOperator<I, O> operator,
            KeySelector<I, K> key, TypeInformation<K> keyType, StateBackend backend, OperatorSubtaskState restored)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, key, keyType);
        if (backend != null) {
            harness.setStateBackend(backend);
        }
        return open(harness, restored);
    }

    /** A non-keyed {@code function}, opened. */
    public static <I, O> OneInputStreamOperatorTestHarness<I, O> process(ProcessFunction<I, O> function) throws Exception {
        return open(new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function)), null);
    }

    /**
     * A non-keyed {@code operator} in {@code environment} (a default one when null), restored
     * from {@code restored} unless it is null.
     */
    public static <I, O> OneInputStreamOperatorTestHarness<I, O> operator(OneInputStreamOperator<I, O> operator,
            MockEnvironment environment, OperatorSubtaskState restored) throws Exception {
        var harness = environment == null
                ? new OneInputStreamOperatorTestHarness<>(operator)
                : new OneInputStreamOperatorTestHarness<>(operator, environment);
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

    private static <H extends AbstractStreamOperatorTestHarness<?>> H open(H harness, OperatorSubtaskState restored)
            throws Exception {
        JobSettings.applyTo(harness.getExecutionConfig());
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }
}
