package io.strata.pipeline.source;

import io.strata.pipeline.Uids;
import io.strata.pipeline.record.SourceRecord;

/** The graph's {@link FrameSource}s in production: Kafka and Kinesis. (The demo's generator is {@code strata demo}'s own.) */
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
                        "kinesis: " + kinesis.streamName(), SourceRecord.TYPE)
                .uid(Uids.KINESIS_SOURCE);
    }
}
