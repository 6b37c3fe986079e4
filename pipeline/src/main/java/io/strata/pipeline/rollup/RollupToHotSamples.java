package io.strata.pipeline.rollup;

import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import io.strata.pipeline.record.TwoWaySeriesCache;
import java.util.Arrays;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a rollup into the hot series of docs/CONTRACT.md: {@code <metric>:<agg>_<resolution>} with
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
    private static final String[] AGGREGATES = {"min", "max", "sum", "count", "last", "increase", "p50", "p90", "p95", "p99"};
    private static final int MIN = 0, MAX = 1, SUM = 2, COUNT = 3, LAST = 4, INCREASE = 5, P50 = 6, P90 = 7, P95 = 8, P99 = 9;
    private static final int CACHE_SETS = 1 << 15;

    /**
     * The hot label sets of recent series, by series id and resolution: built once per series and
     * resolution rather than once per window, so that the remote_write writer finds the labels it
     * encoded kept with each {@link Series} instead of encoding them again.
     */
    private transient TwoWaySeriesCache<HotSeries> cache;

    @Override
    public void flatMap(Rollup rollup, Collector<Sample> out) {
        if (rollup.isCorrection()) {
            return;
        }
        HotSeries series = hotSeries(rollup);
        HistogramWindowAggregate h = rollup.histogram();
        if (h != null) {
            if (h.count() > 0) {
                out.collect(series.sample(rollup, P50, h.p50()));
                out.collect(series.sample(rollup, P90, h.p90()));
                out.collect(series.sample(rollup, P95, h.p95()));
                out.collect(series.sample(rollup, P99, h.p99()));
            }
            out.collect(series.sample(rollup, COUNT, h.count()));
            out.collect(series.sample(rollup, SUM, h.sum()));
            return;
        }
        WindowAggregate a = rollup.aggregate();
        if (a.isCounter()) {
            out.collect(series.sample(rollup, INCREASE, a.increase()));
            return;
        }
        out.collect(series.sample(rollup, MIN, a.min()));
        out.collect(series.sample(rollup, MAX, a.max()));
        out.collect(series.sample(rollup, SUM, a.sum()));
        out.collect(series.sample(rollup, COUNT, a.count()));
        out.collect(series.sample(rollup, LAST, a.last()));
    }

    private HotSeries hotSeries(Rollup rollup) {
        if (cache == null) {
            cache = new TwoWaySeriesCache<>(CACHE_SETS);
        }
        // A series has a result per resolution: each its own entry, or they would evict each other.
        long id = rollup.seriesId() * 31 + rollup.resolution().hashCode();
        HotSeries series = cache.find(id, rollup, HotSeries::of);
        if (series == null) {
            series = new HotSeries(rollup.tenant(), rollup.labelNames(), rollup.labelValues(), rollup.resolution());
            cache.put(id, series);
        }
        return series;
    }

    /** One series' hot label sets at one resolution, one per aggregate, made when first needed. */
    private static final class HotSeries {
        final String tenant;
        final String[] names;
        final String[] values;
        final String resolution;
        final Series[] hot = new Series[AGGREGATES.length];

        HotSeries(String tenant, String[] names, String[] values, String resolution) {
            this.tenant = tenant;
            this.names = names;
            this.values = values;
            this.resolution = resolution;
        }

        boolean of(Rollup rollup) {
            return resolution.equals(rollup.resolution()) && tenant.equals(rollup.tenant())
                    && Arrays.equals(names, rollup.labelNames()) && Arrays.equals(values, rollup.labelValues());
        }

        Sample sample(Rollup rollup, int aggregate, double value) {
            if (hot[aggregate] == null) {
                String[] hotValues = values.clone();
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(Labels.METRIC_NAME)) {
                        hotValues[i] = hotName(hotValues[i], AGGREGATES[aggregate], resolution);
                    }
                }
                hot[aggregate] = new Series(tenant, SeriesId.of(names, hotValues), names, hotValues);
            }
            return Sample.ofFloat(hot[aggregate], MetricKind.GAUGE, rollup.aggregate().windowEndEpochMillis(), value);
        }
    }

    /** The hot name of an aggregate, e.g. {@code cpu_temp:max_1m}. */
    public static String hotName(String metric, String aggregate, String resolution) {
        return metric + ":" + aggregate + "_" + resolution;
    }
}
