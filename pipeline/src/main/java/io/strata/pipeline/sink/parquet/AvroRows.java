package io.strata.pipeline.sink.parquet;

import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Converts pipeline records to the Avro rows of the cold datasets. */
public final class AvroRows {

    /** The allowlisted labels that are also columns of their own, for partition pruning and simple SQL. */
    static final String[] LABEL_COLUMNS = {"region", "az", "cluster", "shard_id", "instance_type", "build_id", "queue", "asn_bucket"};

    private AvroRows() {}

    public static GenericRecord rollup(Rollup rollup) {
        GenericRecord row = new GenericData.Record(ColdDataset.ROLLUPS.schema());
        String[] names = rollup.labelNames();
        String[] values = rollup.labelValues();
        row.put("tenant", rollup.tenant());
        row.put("metric", rollup.metricName());
        row.put("labels", Labels.withoutMetricName(names, values));
        for (String column : LABEL_COLUMNS) {
            row.put(column, Labels.get(names, values, column));
        }
        WindowAggregate a = rollup.aggregate();
        row.put("series_id", rollup.seriesId());
        row.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        row.put("resolution", rollup.resolution());
        row.put("window_start", a.windowStartEpochMillis());
        row.put("window_end", a.windowEndEpochMillis());
        row.put("count", a.count());
        row.put("sum", a.sum());
        row.put("min", a.min());
        row.put("max", a.max());
        row.put("last", a.last());
        if (a.isCounter()) {
            row.put("increase", a.increase());
            row.put("first_raw", a.firstRaw());
            row.put("last_raw", a.lastRaw());
            row.put("resets", a.resets());
        }
        return row;
    }

    public static GenericRecord rejected(Rejected rejected) {
        GenericRecord row = new GenericData.Record(ColdDataset.REJECTED.schema());
        row.put("tenant", rejected.tenant());
        row.put("reason", rejected.reason().label());
        row.put("detail", rejected.detail());
        if (rejected.labelNames() != null) {
            row.put("metric", Labels.metricName(rejected.labelNames(), rejected.labelValues()));
            row.put("labels", Labels.withoutMetricName(rejected.labelNames(), rejected.labelValues()));
            row.put("redacted_labels", Arrays.asList(rejected.redactedLabels()));
        }
        if (rejected.hasTimestamp()) {
            row.put("timestamp", rejected.timestampEpochMillis());
        }
        if (!Double.isNaN(rejected.value())) {
            row.put("value", rejected.value());
        }
        row.put("samples", rejected.samples());
        row.put("origin", rejected.origin());
        row.put("observed_at", rejected.observedAtEpochMillis());
        return row;
    }

    public static GenericRecord late(LateSample late) {
        Sample s = late.sample();
        GenericRecord row = new GenericData.Record(ColdDataset.LATE.schema());
        Map<String, String> labels = new LinkedHashMap<>(Labels.withoutMetricName(s.labelNames(), s.labelValues()));
        row.put("tenant", s.tenant());
        row.put("metric", s.metricName());
        row.put("labels", labels);
        row.put("series_id", s.seriesId());
        row.put("resolution", late.resolution());
        row.put("timestamp", s.timestampEpochMillis());
        row.put("value", s.value());
        row.put("watermark", late.watermarkEpochMillis());
        return row;
    }
}
