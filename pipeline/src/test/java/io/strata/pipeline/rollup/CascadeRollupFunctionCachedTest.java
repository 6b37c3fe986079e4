package io.strata.pipeline.rollup;

import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.state.cache.StateCachingFunction;
import io.strata.pipeline.testutils.Harnesses;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Every {@link CascadeRollupFunctionTest} again, as the job runs the 1m and 5m stages on RocksDB:
 * state cached between checkpoints, in a cache of two entries so entries are evicted.
 */
class CascadeRollupFunctionCachedTest extends CascadeRollupFunctionTest {

    @Override
    <I, F extends KeyedProcessFunction<Long, I, Rollup> & StateCachingFunction> KeyedOneInputStreamOperatorTestHarness<Long, I, Rollup> harness(
            F function, KeySelector<I, Long> key, OperatorSubtaskState restored) throws Exception {
        return Harnesses.cachedOnRocksDb(function, key, 2, restored);
    }
}
