package io.strata.pipeline.source;

import io.strata.pipeline.Uids;
import io.strata.pipeline.decode.FrameDecodeFunction;
import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.record.SourceRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/** The graph's {@link FrameSource}s. */
public final class Sources {

    private Sources() {}

    /** Frames from Kafka, decoded in the source with per-partition watermarks. */
    public static FrameSource kafka(KafkaSourceSettings kafka) {
        return (env, settings) -> env.fromSource(kafka.build(settings.decoder()), settings.watermarks(), "kafka: " + kafka.topic())
                .uid(Uids.KAFKA_SOURCE);
    }

    /** Frames from Kinesis, decoded in the source with per-shard watermarks. */
    public static FrameSource kinesis(KinesisSourceSettings kinesis) {
        // KinesisStreamsSource 4.3.0 does not report its produced type, so it is given here.
        return (env, settings) -> env.fromSource(kinesis.build(settings.decoder()), settings.watermarks(),
                        "kinesis: " + kinesis.streamName(), TypeInformation.of(SourceRecord.class))
                .uid(Uids.KINESIS_SOURCE);
    }

    /** Frames from the demo's game telemetry generator, decoded right after the source. */
    public static FrameSource generator(GameTelemetryGenerator generator) {
        return (env, settings) -> env.fromSource(new DataGeneratorSource<>(generator::frame, generator.frameCount(),
                                RateLimiterStrategy.noOp(), TypeInformation.of(RawFrame.class)),
                        WatermarkStrategy.noWatermarks(), "generator: game telemetry")
                .setParallelism(generator.splits())
                .uid(Uids.GENERATOR_SOURCE)
                .flatMap(new FrameDecodeFunction(settings.decoder()))
                .name("decode remote_write")
                .uid(Uids.GENERATOR_DECODE)
                .assignTimestampsAndWatermarks(settings.watermarks())
                .name("watermarks")
                .uid(Uids.GENERATOR_WATERMARKS);
    }
}
