package io.strata.pipeline.enforce;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Every {@link TenantLimitsFunctionTest} again, as the job runs the function on RocksDB: state
 * cached between checkpoints, in a cache small enough that entries are evicted.
 */
class TenantLimitsFunctionCachedTest extends TenantLimitsFunctionTest {

    @Override
    KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness(TenantLimitsFunction function,
            KeySelector<Sample, Long> key) throws Exception {
        return Harnesses.cachedOnRocksDb(function, key, 4, null);
    }
}
