package io.strata.pipeline.source;

import io.strata.pipeline.StrataPipeline;
import io.strata.pipeline.record.SourceRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the graph's decoded frames come from, with their watermarks: {@link Sources} has Kafka,
 * Kinesis and the demo generator; a test passes its own records.
 */
@FunctionalInterface
public interface FrameSource {

    /** Adds the source to {@code env}; returns what it decodes, watermarked per {@code settings}. */
    DataStream<SourceRecord> decoded(StreamExecutionEnvironment env, StrataPipeline.Settings settings);
}
