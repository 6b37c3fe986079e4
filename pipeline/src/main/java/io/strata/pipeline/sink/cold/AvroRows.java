package io.strata.pipeline.sink.cold;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/** Converts pipeline records to the Avro rows of the cold datasets. */
public final class AvroRows {

    /** The allowlisted labels that are also columns of their own, for partition pruning and simple SQL. */
    static final String[] LABEL_COLUMNS = {"region", "az", "cluster", "shard_id", "instance_type", "build_id", "queue", "asn_bucket"};

    /** {@link MetricKind} names as the {@code kind} column writes them, by ordinal. */
    private static final Utf8[] KIND = Arrays.stream(MetricKind.values())
            .map(k -> new Utf8(k.name().toLowerCase(Locale.ROOT))).toArray(Utf8[]::new);

    private AvroRows() {}

    /**
     * Strings go into rows as Avro {@link Utf8}, which parquet-avro writes from its bytes; a
     * {@code String} it would encode through a {@code CharsetEncoder} per value, which was a
     * quarter of the Parquet writer's time.
     */
    private static Utf8 utf8(String s) {
        return s == null ? null : new Utf8(s);
    }

    /** The labels but {@code __name__}, as the {@code labels} map column holds them. */
    private static Map<Utf8, Utf8> labels(String[] names, String[] values) {
        Map<Utf8, Utf8> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(Labels.METRIC_NAME)) {
                map.put(new Utf8(names[i]), new Utf8(values[i]));
            }
        }
        return map;
    }

    public static GenericRecord rollup(Rollup rollup) {
        GenericRecord row = new GenericData.Record(ColdDataset.ROLLUPS.schema());
        String[] names = rollup.labelNames();
        String[] values = rollup.labelValues();
        row.put("tenant", utf8(rollup.tenant()));
        row.put("metric", utf8(rollup.metricName()));
        row.put("labels", labels(names, values));
        for (String column : LABEL_COLUMNS) {
            row.put(column, utf8(Labels.get(names, values, column)));
        }
        WindowAggregate a = rollup.aggregate();
        row.put("series_id", rollup.seriesId());
        row.put("kind", KIND[a.kind().ordinal()]);
        row.put("resolution", utf8(rollup.resolution()));
        row.put("revision", rollup.revision());
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
        HistogramWindowAggregate h = rollup.histogram();
        if (h != null) {
            putHistogram(row, h);
        }
        return row;
    }

    /**
     * A native-histogram row: {@code count} stays the raw samples in the window, {@code sum} is
     * the sum increase, {@code increase} the count increase (observations), {@code resets} the
     * resets; min, max, last, first_raw and last_raw stay null. The delta's buckets use
     * OpenTelemetry's indexing (Prometheus' bucket index minus one); quantiles are null for a
     * window without observations.
     */
    private static void putHistogram(GenericRecord row, HistogramWindowAggregate h) {
        row.put("sum", h.sum());
        row.put("min", null);
        row.put("max", null);
        row.put("last", null);
        row.put("increase", h.count());
        row.put("resets", h.resets());
        row.put("histogram_scale", h.scale());
        row.put("histogram_zero_threshold", h.zeroThreshold());
        row.put("histogram_zero_count", h.zeroCount());
        double[] positive = h.positiveCounts();
        double[] negative = h.negativeCounts();
        if (positive.length > 0) {
            row.put("histogram_positive_offset", h.positiveOffset());
        }
        row.put("histogram_positive_counts", asList(positive));
        if (negative.length > 0) {
            row.put("histogram_negative_offset", h.negativeOffset());
        }
        row.put("histogram_negative_counts", asList(negative));
        putQuantile(row, "p50", h.p50());
        putQuantile(row, "p90", h.p90());
        putQuantile(row, "p95", h.p95());
        putQuantile(row, "p99", h.p99());
    }

    private static void putQuantile(GenericRecord row, String column, double value) {
        row.put(column, Double.isNaN(value) ? null : value);
    }

    private static List<Double> asList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    public static GenericRecord rejected(Rejected rejected) {
        GenericRecord row = new GenericData.Record(ColdDataset.REJECTED.schema());
        row.put("tenant", utf8(rejected.tenant()));
        row.put("reason", rejected.reason().label());
        row.put("detail", rejected.detail());
        if (rejected.labelNames() != null) {
            row.put("metric", utf8(Labels.metricName(rejected.labelNames(), rejected.labelValues())));
            row.put("labels", labels(rejected.labelNames(), rejected.labelValues()));
            row.put("redacted_labels", Arrays.asList(rejected.redactedLabels()));
        }
        if (rejected.hasTimestamp()) {
            row.put("timestamp", rejected.timestampEpochMillis());
        }
        if (rejected.lastTimestampEpochMillis() != Rejected.NO_TIMESTAMP) {
            row.put("last_timestamp", rejected.lastTimestampEpochMillis());
        }
        if (!Double.isNaN(rejected.value())) {
            row.put("value", rejected.value());
        }
        row.put("samples", rejected.samples());
        if (rejected.labelNames() == null) {
            row.put("frame_bytes", rejected.frameBytes());
        }
        row.put("origin", rejected.origin());
        row.put("observed_at", rejected.observedAtEpochMillis());
        if (rejected.brokerTimestampEpochMillis() != Rejected.NO_TIMESTAMP) {
            row.put("broker_timestamp", rejected.brokerTimestampEpochMillis());
        }
        return row;
    }

    public static GenericRecord late(LateSample late) {
        Sample s = late.sample();
        GenericRecord row = new GenericData.Record(ColdDataset.LATE.schema());
        row.put("tenant", utf8(s.tenant()));
        row.put("metric", utf8(s.metricName()));
        row.put("labels", labels(s.labelNames(), s.labelValues()));
        row.put("series_id", s.seriesId());
        row.put("resolution", utf8(late.resolution()));
        row.put("timestamp", s.timestampEpochMillis());
        row.put("value", s.value());
        row.put("watermark", late.watermarkEpochMillis());
        row.put("observed_at", s.arrivalEpochMillis());
        return row;
    }
}
