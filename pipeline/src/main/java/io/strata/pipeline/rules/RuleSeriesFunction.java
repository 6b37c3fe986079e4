package io.strata.pipeline.rules;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.rules.BucketBound;
import io.strata.operators.rules.RangeEvaluation;
import io.strata.operators.rules.RangeFunction;
import io.strata.operators.rules.RecordingRule;
import io.strata.operators.rules.RuleExpression;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.SeriesId;
import io.strata.operators.series.StaleMarker;
import io.strata.pipeline.record.NativeHistogramConverter;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.state.RuleSeriesWindow;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.SeriesIdentity;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stage one of the recording rules, keyed by tenant and series id ({@link SeriesKey}; a series
 * id hashes labels only, and two tenants may send the same label set): keeps the series' samples that a rule's
 * range may still select and, when the watermark passes an evaluation time {@code t} (a multiple
 * of the rule's group interval since the epoch), emits the series' range function over {@code
 * [t - range, t]} for each of its rules as a {@link RulePartial} stamped at {@code t}. A series
 * with too few samples in a range contributes nothing at that {@code t}, as in PromQL.
 *
 * <p>A sample that arrives after an evaluation that should have read it has run is counted in
 * {@code rule_samples_late_total}; it is still kept for the evaluations to come (the rollups get
 * it as before). State is bounded: samples older than every future range are dropped at each
 * evaluation, and a series with none left loses its state and its timer chain.
 *
 * <p>Staleness markers and histograms that cannot be decoded are not kept, counted in {@code
 * rule_samples_skipped_total{reason}}; an evaluation that fails on the data gives no result,
 * counted in {@code rule_evaluations_failed_total}.
 */
public final class RuleSeriesFunction extends KeyedProcessFunction<Long, Sample, RulePartial> {

    private static final long serialVersionUID = 1L;

    private final RuleSet rules;

    private transient ValueState<RuleSeriesWindow> windows;
    private transient ValueState<SeriesIdentity> identities;
    private transient Counter late;
    private transient Counter staleMarkers;
    private transient Counter invalidHistograms;
    private transient Counter evaluationsFailed;
    /** Decodes each histogram sample once on arrival to check it; not state. */
    private transient ExponentialHistogram scratch;

    public RuleSeriesFunction(RuleSet rules) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no recording rules to evaluate");
        }
        this.rules = rules;
    }

    @Override
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getState(SavepointContract.ruleSamples());
        identities = getRuntimeContext().getState(SavepointContract.ruleIdentity());
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_SAMPLES_LATE);
        staleMarkers = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_SAMPLES_SKIPPED,
                "reason", "stale_marker");
        invalidHistograms = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_SAMPLES_SKIPPED,
                "reason", "invalid_histogram");
        evaluationsFailed = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_EVALUATIONS_FAILED);
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<RulePartial> out) throws Exception {
        if (StaleMarker.isStaleMarker(sample.isHistogram() ? sample.histogram().sum() : sample.value())) {
            // PromQL drops staleness markers from range vectors: not a value, not a reset.
            staleMarkers.inc();
            return;
        }
        if (sample.isHistogram() && !isUsable(sample.histogram())) {
            // Rule state outlives restores: a histogram every evaluation would fail on is never kept.
            invalidHistograms.inc();
            return;
        }
        long step = rules.stepMillis();
        long ts = sample.timestampEpochMillis();
        long watermark = ctx.timerService().currentWatermark();
        long firstEvaluation = ceil(ts, step);
        long nextEvaluation = firstEvaluation;
        if (firstEvaluation <= watermark) {
            late.inc();
            nextEvaluation = Math.floorDiv(watermark, step) * step + step;
            if (ts < nextEvaluation - rules.maxRangeMillis()) {
                return;
            }
        }
        RuleSeriesWindow window = windows.value();
        if (window == null) {
            window = RuleSeriesWindow.empty(sample.isHistogram());
            identities.update(new SeriesIdentity(sample.tenant(), sample.labelNames(), sample.labelValues()));
        } else if (window.isHistogram() != sample.isHistogram()) {
            // A series that switches between floats and native histograms: PromQL gives no rate
            // over a mixed range; start over with the new kind.
            window = RuleSeriesWindow.empty(sample.isHistogram());
        }
        // Each evaluation registers the next while samples remain, so the pending timer is already
        // at or before this sample's first evaluation unless it is older than every kept sample.
        if (window.size() == 0 || ts < window.timestamps()[0]) {
            ctx.timerService().registerEventTimeTimer(nextEvaluation);
        }
        windows.update(window.with(ts, sample.value(), sample.histogram()));
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<RulePartial> out) throws Exception {
        RuleSeriesWindow window = windows.value();
        SeriesIdentity identity = identities.value();
        if (window == null || identity == null) {
            return;
        }
        String[] names = identity.labelNames();
        String[] values = identity.labelValues();
        for (int index : rules.matching(Labels.metricName(names, values), names, values)) {
            RecordingRule rule = rules.rule(index);
            if (t % rule.intervalMillis() == 0) {
                try {
                    evaluate(index, rule.expression(), window, identity, SeriesId.of(names, values), t, out);
                } catch (RuntimeException e) {
                    // No result for this series at t, as PromQL gives none for data it cannot use; later ones go on.
                    evaluationsFailed.inc();
                }
            }
        }
        long step = rules.stepMillis();
        RuleSeriesWindow kept = window.from(t + step - rules.maxRangeMillis());
        if (kept.size() == 0) {
            windows.clear();
            identities.clear();
            return;
        }
        if (kept != window) {
            windows.update(kept);
        }
        ctx.timerService().registerEventTimeTimer(t + step);
    }

    private void evaluate(int index, RuleExpression e, RuleSeriesWindow window, SeriesIdentity identity, long seriesId,
            long t, Collector<RulePartial> out) {
        long range = e.rangeMillis();
        int from = window.lowerIndex(t - range);
        int to = window.upperIndex(t);
        if (to - from < e.function().minSamples()) {
            return;
        }
        String[] names = identity.labelNames();
        String[] values = identity.labelValues();
        double bound = Double.NaN;
        if (window.isHistogram()) {
            // Native histograms only feed a quantile: the other aggregations of the subset take floats.
            if (!e.isHistogramQuantile() || !e.function().isCounterFunction()) {
                return;
            }
            NativeHistogram rate = histogramRate(window, from, to, t, e);
            if (rate != null) {
                out.collect(new RulePartial(identity.tenant(), index, group(e.outputLabels(), names, values), t, seriesId,
                        bound, 0, rate));
            }
            return;
        }
        if (e.isHistogramQuantile()) {
            // histogram_quantile ignores float samples without a valid le bound, as PromQL does.
            bound = e.readsClassicBuckets() ? BucketBound.parse(Labels.get(names, values, RuleExpression.BUCKET_LABEL)) : Double.NaN;
            if (Double.isNaN(bound)) {
                return;
            }
        }
        double value = e.function().isCounterFunction()
                ? RangeEvaluation.extrapolatedRate(window.timestamps(), window.values(), from, to, t, range,
                        e.function() == RangeFunction.RATE)
                : RangeEvaluation.overTime(e.function(), window.values(), from, to);
        out.collect(new RulePartial(identity.tenant(), index, group(e.outputLabels(), names, values), t, seriesId,
                bound, value, null));
    }

    private static NativeHistogram histogramRate(RuleSeriesWindow window, int from, int to, long t, RuleExpression e) {
        ExponentialHistogram[] histograms = new ExponentialHistogram[to];
        for (int i = from; i < to; i++) {
            histograms[i] = NativeHistogramConverter.toExponential(window.histograms()[i], ExponentialHistogram.DEFAULT_MAX_BUCKETS);
        }
        ExponentialHistogram rate = RangeEvaluation.histogramRate(window.timestamps(), histograms, from, to, t, e.rangeMillis(),
                e.function() == RangeFunction.RATE);
        return NativeHistogramConverter.toRecord(rate, ResetHint.UNKNOWN, true);
    }

    /** Whether {@code h} decodes to a histogram that a rate can be taken of and written back (schema -4 or finer). */
    private boolean isUsable(NativeHistogram h) {
        if (scratch == null) {
            scratch = ExponentialHistogram.create(ExponentialHistogram.DEFAULT_MAX_BUCKETS);
        }
        try {
            NativeHistogramConverter.decodeInto(h, scratch);
            return scratch.scale() >= NativeHistogramCodec.MIN_SCHEMA;
        } catch (RuntimeException invalid) {
            return false;
        }
    }

    private static String[] group(List<String> labels, String[] names, String[] values) {
        String[] group = new String[labels.size()];
        for (int i = 0; i < group.length; i++) {
            String v = Labels.get(names, values, labels.get(i));
            group[i] = v == null ? "" : v;
        }
        return group;
    }

    /** The smallest multiple of {@code step} at or after {@code ts}. */
    static long ceil(long ts, long step) {
        return -Math.floorDiv(-ts, step) * step;
    }
}
