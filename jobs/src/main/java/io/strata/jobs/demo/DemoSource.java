package io.strata.jobs.demo;

import io.strata.pipeline.Uids;
import io.strata.pipeline.decode.FrameDecodeFunction;
import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.source.FrameSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * {@code strata demo}'s source: frames from the {@link GameTelemetryGenerator}, decoded right
 * after the source. Not in the job jar a cluster runs.
 */
public final class DemoSource {

    private DemoSource() {}

    public static FrameSource of(GameTelemetryGenerator generator) {
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
