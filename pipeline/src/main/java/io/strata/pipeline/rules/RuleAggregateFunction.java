package io.strata.pipeline.rules;

import io.strata.operators.histogram.ClassicHistogram;
import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import io.strata.operators.rules.RecordingRule;
import io.strata.operators.rules.RuleExpression;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.rules.VectorAggregator;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogramConverter;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stage two of the recording rules, keyed by (tenant, rule, group): when the watermark passes an
 * evaluation time {@code t}, folds every series' {@link RulePartial} for {@code t} into the
 * rule's result and emits it as a sample named by the rule's {@code record}, with the group's
 * labels (empty ones left out, as PromQL does) and the rule's own {@code labels}, stamped at
 * {@code t}, for the partials' tenant. Partials are folded in series-id order, so that a replay
 * gives the same floating-point result.
 *
 * <p>{@code histogram_quantile} over classic buckets sums the rates per {@code le} and takes
 * Prometheus 2.42's {@code bucketQuantile}; over native histograms it sums the rate histograms
 * and takes 2.42's {@code histogramQuantile}. A group holding both has no result: PromQL fails
 * such an evaluation with "vector cannot contain metrics with the same labelset".
 */
public final class RuleAggregateFunction extends KeyedProcessFunction<String, RulePartial, Sample> {

    private static final long serialVersionUID = 1L;

    private final RuleSet rules;

    private transient ListState<RulePartial> pending;
    private transient Counter emitted;
    private transient Counter failed;

    public RuleAggregateFunction(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public void open(Configuration parameters) {
        pending = getRuntimeContext().getListState(SavepointContract.rulePartials());
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_RESULTS_EMITTED);
        failed = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.RULE_EVALUATIONS_FAILED);
    }

    @Override
    public void processElement(RulePartial partial, Context ctx, Collector<Sample> out) throws Exception {
        pending.add(partial);
        ctx.timerService().registerEventTimeTimer(partial.timestampEpochMillis());
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<Sample> out) throws Exception {
        List<RulePartial> due = new ArrayList<>();
        List<RulePartial> later = new ArrayList<>();
        for (RulePartial p : pending.get()) {
            (p.timestampEpochMillis() <= t ? due : later).add(p);
        }
        if (later.isEmpty()) {
            pending.clear();
        } else {
            pending.update(later);
        }
        if (due.isEmpty()) {
            return;
        }
        due.sort(Comparator.comparingLong(RulePartial::seriesId).thenComparingDouble(RulePartial::bucketBound));
        RulePartial first = due.get(0);
        RecordingRule rule = rules.rule(first.rule());
        RuleExpression e = rule.expression();
        Double value;
        try {
            value = e.isHistogramQuantile() ? quantile(e.quantile(), due) : aggregate(e, due);
        } catch (RuntimeException badPartial) {
            // The partials are already out of state; failing here would replay them after every restore.
            failed.inc();
            return;
        }
        if (value == null) {
            return;
        }
        out.collect(result(rule, first, t, value));
        emitted.inc();
    }

    private static Double aggregate(RuleExpression e, List<RulePartial> due) {
        VectorAggregator aggregator = new VectorAggregator(e.aggregation());
        for (RulePartial p : due) {
            aggregator.add(p.value());
        }
        return aggregator.result();
    }

    /** The quantile of the group, or null when it has none. */
    private static Double quantile(double q, List<RulePartial> due) {
        Map<Double, Double> buckets = new TreeMap<>();
        ExponentialHistogram sum = null;
        for (RulePartial p : due) {
            if (p.histogram() != null) {
                ExponentialHistogram h = NativeHistogramConverter.toExponential(p.histogram(), ExponentialHistogram.DEFAULT_MAX_BUCKETS);
                if (sum == null) {
                    sum = h;
                } else {
                    sum.merge(h);
                }
            } else {
                buckets.merge(p.bucketBound(), p.value(), Double::sum);
            }
        }
        if (sum != null && !buckets.isEmpty()) {
            return null;
        }
        if (sum != null) {
            return HistogramQuantile.quantilePrometheus242(sum, q);
        }
        double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
        try {
            return ClassicHistogram.of(bounds, counts).quantilePrometheus242(q);
        } catch (IllegalArgumentException negativeOrNaN) {
            // Only NaN sample values get here (rates of counters are never negative); PromQL's answer is then NaN too.
            return Double.NaN;
        }
    }

    private static Sample result(RecordingRule rule, RulePartial partial, long t, double value) {
        TreeMap<String, String> labels = new TreeMap<>();
        List<String> outputLabels = rule.expression().outputLabels();
        for (int i = 0; i < outputLabels.size(); i++) {
            if (!partial.group()[i].isEmpty()) {
                labels.put(outputLabels.get(i), partial.group()[i]);
            }
        }
        labels.putAll(rule.labels());
        labels.put(Labels.METRIC_NAME, rule.record());
        String[] names = labels.keySet().toArray(new String[0]);
        String[] values = labels.values().toArray(new String[0]);
        return Sample.ofFloat(partial.tenant(), SeriesId.of(names, values), names, values, MetricKind.GAUGE, t, value);
    }
}
