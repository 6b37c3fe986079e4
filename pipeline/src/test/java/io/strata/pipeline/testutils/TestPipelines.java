package io.strata.pipeline.testutils;

import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.source.FrameSource;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What tests feed Strata's graph: their own records, in time order. */
public final class TestPipelines {

    private TestPipelines() {}

    /** {@code records} as the decoded stream of a one-partition source, in order, with {@link #everySample()} watermarks. */
    public static FrameSource inOrder(List<SourceRecord> records) {
        return (env, settings) -> decodedInOrder(env, records);
    }

    private static DataStream<SourceRecord> decodedInOrder(StreamExecutionEnvironment env, List<SourceRecord> records) {
        return env.fromData(records, SourceRecord.TYPE)
                .setParallelism(1)
                .uid("test-source")
                .assignTimestampsAndWatermarks(everySample())
                .setParallelism(1)
                .uid("test-watermarks");
    }

    /** A watermark right after every newer sample, 1 ms behind it, so samples at the same time are not late. */
    public static WatermarkStrategy<SourceRecord> everySample() {
        return WatermarkStrategy.<SourceRecord>forGenerator(context -> new WatermarkGenerator<>() {
            private long max = Long.MIN_VALUE;

            @Override
            public void onEvent(SourceRecord record, long timestamp, WatermarkOutput output) {
                if (timestamp > max) {
                    max = timestamp;
                    output.emitWatermark(new Watermark(max - 1));
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {}
        }).withTimestampAssigner((record, previous) -> record.eventTimeEpochMillis());
    }
}
