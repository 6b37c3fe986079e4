package io.strata.pipeline.state.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.testutils.Harnesses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back cache on RocksDB: a tally per key, where a negative number clears its key's
 * tally. Every value must reach RocksDB when evicted and before every snapshot, and nothing
 * earlier (otherwise the cache saves nothing).
 */
class StateCachingProcessOperatorTest {

    private static final KeySelector<Long, Long> BY_HUNDREDS = value -> value / 100;

    private KeyedOneInputStreamOperatorTestHarness<Long, Long, String> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void values_stayInTheHeapUntilSnapshot() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 100), new EmbeddedRocksDBStateBackend(), null);
        push(1, 2, 3, 1);

        assertThat(storedKeys()).isZero();
        harness.snapshot(1, 1);
        assertThat(storedKeys()).isEqualTo(3);
        assertThat(output()).containsExactly("1=1", "2=1", "3=1", "1=2");
    }

    @Test
    void evictedValues_areWrittenBackAndReadAgain() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 2), new EmbeddedRocksDBStateBackend(), null);
        push(1, 2, 3, 1, 2, 3, 1);

        assertThat(output()).containsExactly("1=1", "2=1", "3=1", "1=2", "2=2", "3=2", "1=3");
        assertThat(storedKeys()).isEqualTo(3);
    }

    @Test
    void snapshot_writesBackValuesThatARestoredJobContinues() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 100), new EmbeddedRocksDBStateBackend(), null);
        push(1, 1, 2);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = open(new StateCachingProcessOperator<>(new Tally(), 100), new EmbeddedRocksDBStateBackend(), snapshot);
        push(1, 2);
        assertThat(output()).containsExactly("1=3", "2=2");
    }

    @Test
    void snapshot_restoresIntoThePlainOperator() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 100), new EmbeddedRocksDBStateBackend(), null);
        push(7, 7);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = open(new KeyedProcessOperator<>(new Tally()), new EmbeddedRocksDBStateBackend(), snapshot);
        push(7);
        assertThat(output()).containsExactly("7=3");
    }

    @Test
    void clear_deletesTheValue_cachedOrNot() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 1), new EmbeddedRocksDBStateBackend(), null);
        push(5, 5, -5, 5, 6, 6);
        // 6 evicted 5 (cached as 1); clearing 5 now deletes it in RocksDB directly.
        push(-5, 6);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        assertThat(storedKeys()).isEqualTo(1);
        harness.close();

        harness = open(new StateCachingProcessOperator<>(new Tally(), 1), new EmbeddedRocksDBStateBackend(), snapshot);
        push(5, 6);
        assertThat(output()).containsExactly("5=1", "6=4");
    }

    @Test
    void heapBackend_isNotCached() throws Exception {
        harness = open(new StateCachingProcessOperator<>(new Tally(), 100), new HashMapStateBackend(), null);
        push(1, 2);

        assertThat(storedKeys()).isEqualTo(2);
    }

    @Test
    void mapEntries_cachedEvictedAndIterated_readAsWritten() throws Exception {
        // Record k*100+b counts b in k's map; b = 99 prints k's map, b = 98 clears it.
        harness = open(new StateCachingProcessOperator<>(new BucketCounts(), 3), new EmbeddedRocksDBStateBackend(), null, BY_HUNDREDS);
        push(101, 102, 101, 201, 202, 203, 101, 199, 299);
        assertThat(output()).containsExactly("{1=3, 2=1}", "{1=1, 2=1, 3=1}");

        push(103, 198, 201, 299, 199);
        assertThat(output()).containsExactly("{1=2, 2=1, 3=1}", "{}");
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        harness = open(new StateCachingProcessOperator<>(new BucketCounts(), 3), new EmbeddedRocksDBStateBackend(), snapshot, BY_HUNDREDS);
        push(103, 199, 299);
        assertThat(output()).containsExactly("{3=1}", "{1=2, 2=1, 3=1}");
    }

    private void push(long... values) throws Exception {
        for (long value : values) {
            harness.processElement(new StreamRecord<>(value));
        }
    }

    /** How many keys RocksDB (or the heap backend) holds a tally for. */
    private long storedKeys() throws Exception {
        return Harnesses.storedKeys(harness, "tally");
    }

    /** The output since the last call. */
    private List<String> output() {
        List<String> out = harness.extractOutputValues();
        harness.getOutput().clear();
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, Long, String> open(
            OneInputStreamOperator<Long, String> operator, StateBackend backend, OperatorSubtaskState restored) throws Exception {
        return open(operator, backend, restored, value -> Math.abs(value));
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, Long, String> open(OneInputStreamOperator<Long, String> operator,
            StateBackend backend, OperatorSubtaskState restored, KeySelector<Long, Long> key) throws Exception {
        return Harnesses.keyed(operator, key, Types.LONG, backend, restored);
    }

    /** Counts the records of each key; a negative record clears its key's count. */
    private static final class Tally extends KeyedProcessFunction<Long, Long, String> implements StateCachingFunction {

        private transient KeyedStateCache cache;
        private transient ValueState<Long> counts;

        @Override
        public void cacheStateIn(KeyedStateCache cache) {
            this.cache = cache;
        }

        @Override
        public void open(OpenContext context) {
            ValueState<Long> state = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", Types.LONG));
            counts = cache != null ? cache.cached(state) : state;
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            if (value < 0) {
                counts.clear();
                return;
            }
            Long count = counts.value();
            long next = count == null ? 1 : count + 1;
            counts.update(next);
            out.collect(ctx.getCurrentKey() + "=" + next);
        }
    }

    /** Counts buckets per key in a map state: see {@link #mapEntries_cachedEvictedAndIterated_readAsWritten}. */
    private static final class BucketCounts extends KeyedProcessFunction<Long, Long, String> implements StateCachingFunction {

        private transient KeyedStateCache cache;
        private transient MapState<Long, Long> counts;

        @Override
        public void cacheStateIn(KeyedStateCache cache) {
            this.cache = cache;
        }

        @Override
        public void open(OpenContext context) {
            counts = cache.cached(getRuntimeContext().getMapState(new MapStateDescriptor<>("buckets", Types.LONG, Types.LONG)));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            long bucket = value % 100;
            if (bucket == 99) {
                Map<Long, Long> all = new TreeMap<>();
                counts.entries().forEach(e -> all.put(e.getKey(), e.getValue()));
                out.collect(all.toString());
            } else if (bucket == 98) {
                counts.clear();
            } else {
                Long count = counts.get(bucket);
                counts.put(bucket, count == null ? 1 : count + 1);
            }
        }
    }
}
