package io.strata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.state.SavepointContract;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every uid keeps its value: a changed uid orphans that operator's state in every savepoint. */
class UidsTest {

    /** Written out, not derived: a rename in {@link Uids} must fail here. */
    private static final Map<String, String> PINNED = Map.ofEntries(
                Map.entry("KAFKA_SOURCE", "strata-kafka-source"),
                Map.entry("KINESIS_SOURCE", "strata-kinesis-source"),
                Map.entry("GENERATOR_SOURCE", "strata-generator-source"),
                Map.entry("GENERATOR_DECODE", "strata-generator-decode"),
                Map.entry("GENERATOR_WATERMARKS", "strata-generator-watermarks"),
                Map.entry("SPLIT_DECODED", "strata-split-decoded"),
                Map.entry("ENFORCE_LABEL_POLICY", "strata-enforce-label-policy"),
                Map.entry("HOST_SERIES_LIMIT", "strata-host-series-limit"),
                Map.entry("TENANT_LIMITS", "strata-tenant-limits"),
                Map.entry("FLOAT_SERIES", "strata-float-series"),
                Map.entry("ROLLUP_1M", "strata-rollup-1m"),
                Map.entry("HISTOGRAM_SERIES", "strata-histogram-series"),
                Map.entry("HISTOGRAM_ROLLUP_1M", "strata-histogram-rollup-1m"),
                Map.entry("ROLLUP_5M", "strata-rollup-5m"),
                Map.entry("ROLLUP_1H", "strata-rollup-1h"),
                Map.entry("ROLLUP_TO_HOT", "strata-rollup-to-hot"),
                Map.entry("RULE_SERIES_FILTER", "strata-rule-series-filter"),
                Map.entry("RULE_SERIES", "strata-rule-series"),
                Map.entry("RULE_AGGREGATE", "strata-rule-aggregate"),
                Map.entry("HOT_SINK", "strata-hot-remote-write"),
                Map.entry("RELEASE_IN_STEP", "strata-release-in-step"),
                Map.entry("HOT_SINK_DERIVED", "strata-hot-remote-write-derived"),
                Map.entry("HOT_SINK_REFUSED", "strata-hot-remote-write-refused"),
                Map.entry("HOT_SINK_DERIVED_REFUSED", "strata-hot-remote-write-derived-refused"),
                Map.entry("COUNT_REJECTED", "strata-count-rejected"),
                Map.entry("COLD_ROLLUPS_AVRO", "strata-cold-rollups-avro"),
                Map.entry("COLD_ROLLUPS", "strata-cold-rollups"),
                Map.entry("MERGE_REJECTED", "strata-merge-rejected"),
                Map.entry("COLD_REJECTED_AVRO", "strata-cold-rejected-avro"),
                Map.entry("COLD_REJECTED", "strata-cold-rejected"),
                Map.entry("COLD_LATE_AVRO", "strata-cold-late-avro"),
                Map.entry("COLD_LATE", "strata-cold-late"),
                Map.entry("COLD_ROLLUPS_S3", "strata-cold-rollups-s3"),
                Map.entry("COLD_REJECTED_S3", "strata-cold-rejected-s3"),
                Map.entry("COLD_LATE_S3", "strata-cold-late-s3"),
                Map.entry("COLD_ROLLUPS_RANGE", "strata-cold-rollups-avro-range"),
                Map.entry("COLD_REJECTED_RANGE", "strata-cold-rejected-avro-range"),
                Map.entry("COLD_LATE_RANGE", "strata-cold-late-avro-range"));

    @Test
    void everyUid_keepsItsValue_andIsUnique() {
        Map<String, String> declared = Arrays.stream(Uids.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .collect(Collectors.toMap(Field::getName, UidsTest::value));

        assertThat(declared).isEqualTo(PINNED);
        assertThat(declared.values()).doesNotHaveDuplicates();
    }

    @Test
    void savepointContract_ownersAreDeclaredUids() {
        assertThat(SavepointContract.ENTRIES).extracting(SavepointContract.Entry::uid).allSatisfy(uid ->
                assertThat(PINNED).containsValue(uid));
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
