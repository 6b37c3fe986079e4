package io.strata.pipeline;

/**
 * The stable operator uids that savepoints depend on. Never change one: a changed uid orphans
 * that operator's state in every existing savepoint.
 */
public final class Uids {

    public static final String KAFKA_SOURCE = "strata-kafka-source";
    public static final String KINESIS_SOURCE = "strata-kinesis-source";
    public static final String GENERATOR_SOURCE = "strata-generator-source";
    public static final String GENERATOR_DECODE = "strata-generator-decode";
    public static final String GENERATOR_WATERMARKS = "strata-generator-watermarks";
    public static final String SPLIT_DECODED = "strata-split-decoded";
    public static final String ENFORCE_LABEL_POLICY = "strata-enforce-label-policy";
    public static final String HOST_SERIES_LIMIT = "strata-host-series-limit";
    public static final String TENANT_LIMITS = "strata-tenant-limits";
    public static final String FLOAT_SERIES = "strata-float-series";
    public static final String ROLLUP_1M = "strata-rollup-1m";
    public static final String HISTOGRAM_SERIES = "strata-histogram-series";
    public static final String HISTOGRAM_ROLLUP_1M = "strata-histogram-rollup-1m";
    public static final String ROLLUP_5M = "strata-rollup-5m";
    public static final String ROLLUP_1H = "strata-rollup-1h";
    public static final String ROLLUP_TO_HOT = "strata-rollup-to-hot";
    public static final String RULE_SERIES_FILTER = "strata-rule-series-filter";
    public static final String RULE_SERIES = "strata-rule-series";
    public static final String RULE_AGGREGATE = "strata-rule-aggregate";
    /** The raw samples' remote_write sink (before the derived series had their own, it sent both). */
    public static final String HOT_SINK = "strata-hot-remote-write";
    /** Holds raw samples ahead of the watermark by more than the alignment drift; its state is the samples held. */
    public static final String RELEASE_IN_STEP = "strata-release-in-step";
    public static final String HOT_SINK_DERIVED = "strata-hot-remote-write-derived";
    /** The samples a receiver refused, as the raw and the derived remote_write writers pass them on. */
    public static final String HOT_SINK_REFUSED = HOT_SINK + "-refused";
    public static final String HOT_SINK_DERIVED_REFUSED = HOT_SINK_DERIVED + "-refused";
    /** The raw and derived remote_write sinks' samples refused by the receiver, on their way to the cold rejected dataset. */
    public static final String COUNT_REJECTED = "strata-count-rejected";
    public static final String COLD_ROLLUPS_AVRO = "strata-cold-rollups-avro";
    public static final String COLD_ROLLUPS = "strata-cold-rollups";
    public static final String MERGE_REJECTED = "strata-merge-rejected";
    public static final String COLD_REJECTED_AVRO = "strata-cold-rejected-avro";
    public static final String COLD_REJECTED = "strata-cold-rejected";
    public static final String COLD_LATE_AVRO = "strata-cold-late-avro";
    public static final String COLD_LATE = "strata-cold-late";
    /**
     * A cold sink writing to s3:// has its own uid: its state is not the FileSink's, so neither
     * restores the other's.
     */
    public static final String COLD_ROLLUPS_S3 = COLD_ROLLUPS + "-s3";
    public static final String COLD_REJECTED_S3 = COLD_REJECTED + "-s3";
    public static final String COLD_LATE_S3 = COLD_LATE + "-s3";
    /** The backfill's filter of the rows inside its cold time range (stateless). */
    public static final String COLD_ROLLUPS_RANGE = COLD_ROLLUPS_AVRO + "-range";
    public static final String COLD_REJECTED_RANGE = COLD_REJECTED_AVRO + "-range";
    public static final String COLD_LATE_RANGE = COLD_LATE_AVRO + "-range";

    /** The uids on one cold dataset's path: rows to Avro, the backfill's range filter, the file or S3 sink. */
    public record ColdPath(String avro, String range, String fileSink, String s3Sink) {}

    public static final ColdPath COLD_ROLLUPS_PATH = new ColdPath(COLD_ROLLUPS_AVRO, COLD_ROLLUPS_RANGE, COLD_ROLLUPS, COLD_ROLLUPS_S3);
    public static final ColdPath COLD_REJECTED_PATH =
            new ColdPath(COLD_REJECTED_AVRO, COLD_REJECTED_RANGE, COLD_REJECTED, COLD_REJECTED_S3);
    public static final ColdPath COLD_LATE_PATH = new ColdPath(COLD_LATE_AVRO, COLD_LATE_RANGE, COLD_LATE, COLD_LATE_S3);

    private Uids() {}
}
