package io.strata.pipeline.record;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What a source emits after decoding a frame: a sample, or a frame or sample it rejected.
 * Decoding happens inside the source so that watermarks are generated per Kafka partition from
 * the samples' own timestamps; {@link io.strata.pipeline.decode.SplitDecodedFunction} splits the two right after.
 * Exactly one of the two fields is set.
 */
public record SourceRecord(Sample sample, Rejected rejected) {

    /** The type of source records for Flink: never modified, so not copied between the source and the split. */
    public static final TypeInformation<SourceRecord> TYPE = ImmutableTypeInfo.of(SourceRecord.class);

    public static SourceRecord of(Sample sample) {
        return new SourceRecord(sample, null);
    }

    public static SourceRecord of(Rejected rejected) {
        return new SourceRecord(null, rejected);
    }

    /** The event time of a sample; {@link Long#MIN_VALUE} for a rejection, which must not move watermarks. */
    public long eventTimeEpochMillis() {
        return sample != null ? sample.timestampEpochMillis() : Long.MIN_VALUE;
    }
}
