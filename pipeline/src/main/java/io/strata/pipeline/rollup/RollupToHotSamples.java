package io.strata.pipeline.rollup;

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
 * {@code sum}, {@code count} and {@code last}; counters give {@code increase}.
 */
public final class RollupToHotSamples implements FlatMapFunction<Rollup, Sample> {

    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Rollup rollup, Collector<Sample> out) {
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
