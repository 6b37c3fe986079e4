package io.strata.tests.architecture.badfixture;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;

/** Breaks {@code NO_ENVIRONMENT_WITHOUT_JOB_SETTINGS} on purpose, four ways. */
public final class KryoAllowingTest {

    public void run() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().enableGenericTypes();
        MapFunction<Long, Long> identity = value -> value;
        new OneInputStreamOperatorTestHarness<>(new StreamMap<>(identity)).close();
        ProcessFunctionTestHarnesses.forProcessFunction(new ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context ctx, Collector<Long> out) {
                out.collect(value);
            }
        }).close();
    }
}
