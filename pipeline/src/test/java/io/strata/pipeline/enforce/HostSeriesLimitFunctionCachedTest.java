package io.strata.pipeline.enforce;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Every {@link HostSeriesLimitFunctionTest} again, as the job runs the function on RocksDB: state
 * cached between checkpoints, in a cache smaller than a host's series so entries are evicted.
 */
class HostSeriesLimitFunctionCachedTest extends HostSeriesLimitFunctionTest {

    @Override
    KeyedOneInputStreamOperatorTestHarness<Long, Sample, Sample> harness(HostSeriesLimitFunction function,
            OperatorSubtaskState restored) throws Exception {
        return Harnesses.cachedOnRocksDb(function, EnforcementKeys::host, 64, restored);
    }
}
