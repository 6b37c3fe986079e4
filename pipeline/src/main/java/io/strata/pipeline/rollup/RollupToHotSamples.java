package io.strata.pipeline.rollup;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a rollup into the hot series of DESIGN.md: {@code <metric>:<agg>_<resolution>} with
 * the raw series' other labels, stamped at the window's end. Gauges give {@code min}, {@code max},
 * {@code sum}, {@code count} and {@code last}; counters give {@code increase}; native histograms
 * give {@code count} and {@code sum} (the increases of the histogram's count and sum) and {@code
 * p50}, {@code p90}, {@code p95}, {@code p99} of the window's delta, the quantiles only when the
 * delta holds observations (an empty window has no quantile; writing NaN would only hide that).
 *
 * <p>Only a window's first result ({@link Rollup#revision()} 0) becomes hot: a correction would
 * be a second value at the same timestamp, which Prometheus refuses with 400 "duplicate sample
 * for timestamp". Corrections are in the cold rows, where the highest revision is final.
 */
public final class RollupToHotSamples implements FlatMapFunction<Rollup, Sample> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Rollup rollup, Collector<Sample> out) {
        if (rollup.isCorrection()) {
            return;
        }
        HistogramWindowAggregate h = rollup.histogram();
        if (h != null) {
            if (h.count() > 0) {
                out.collect(sample(rollup, "p50", h.p50()));
                out.collect(sample(rollup, "p90", h.p90()));
                out.collect(sample(rollup, "p95", h.p95()));
                out.collect(sample(rollup, "p99", h.p99()));
            }
            out.collect(sample(rollup, "count", h.count()));
            out.collect(sample(rollup, "sum", h.sum()));
            return;
        }
        WindowAggregate a = rollup.aggregate();
        if (a.isCounter()) {
            out.collect(sample(rollup, "increase", a.increase()));
            return;
        }
        out.collect(sample(rollup, "min", a.min()));
        out.collect(sample(rollup, "max", a.max()));
        out.collect(sample(rollup, "sum", a.sum()));
        out.collect(sample(rollup, "count", a.count()));
        out.collect(sample(rollup, "last", a.last()));
    }

    /** The hot name of an aggregate, e.g. {@code cpu_temp:max_1m}. */
    public static String hotName(String metric, String aggregate, String resolution) {
        return metric + ":" + aggregate + "_" + resolution;
    }

    private static Sample sample(Rollup rollup, String aggregate, double value) {
        String[] names = rollup.labelNames();
        String[] values = rollup.labelValues().clone();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(Labels.METRIC_NAME)) {
                values[i] = hotName(values[i], aggregate, rollup.resolution());
            }
        }
        return Sample.ofFloat(rollup.tenant(), SeriesId.of(names, values), names, values, MetricKind.GAUGE,
                rollup.aggregate().windowEndEpochMillis(), value);
    }
}
