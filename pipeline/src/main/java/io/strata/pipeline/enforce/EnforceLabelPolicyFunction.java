package io.strata.pipeline.enforce;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Redaction;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.Series;
import java.util.function.Function;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies the {@link LabelPolicy} and each tenant's label limits before any shuffle: a sample
 * with a forbidden label is dropped whole and its value kept nowhere; a sample against the
 * schema or over {@code max_label_names} / {@code max_label_value_length} goes to
 * {@link OutputTags#REJECTED} with its reason; the rest goes on (with unknown labels stripped
 * when the policy says so).
 */
public final class EnforceLabelPolicyFunction extends ProcessFunction<Sample, Sample> {

    private static final long serialVersionUID = 1L;

    private final LabelPolicy policy;
    private final TenantLimitsTable tenants;
    private transient Function<Series, Verdict> judge;

    public EnforceLabelPolicyFunction(LabelPolicy policy, TenantLimitsTable tenants) {
        this.policy = policy;
        this.tenants = tenants;
    }

    /**
     * What the policy says of one series: why it is rejected, or the series it goes on as.
     *
     * @param reason why the series is rejected, or {@code null}
     * @param accepted the series with unknown labels stripped (or itself); {@code null} when rejected
     */
    private record Verdict(RejectReason reason, Series accepted) {}

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) {
        Verdict verdict = verdictOn(sample.series());
        if (verdict.reason() != null) {
            ctx.output(OutputTags.REJECTED, Redaction.rejection(policy, sample, verdict.reason(), verdict.reason().label()));
            return;
        }
        out.collect(verdict.accepted() == sample.series() ? sample : sample.withSeries(verdict.accepted()));
    }

    /** The policy's verdict on {@code series}, kept with it (under this function): the samples of a series share it. */
    private Verdict verdictOn(Series series) {
        if (judge == null) {
            judge = this::judge;
        }
        return series.memo(this, judge);
    }

    private Verdict judge(Series series) {
        RejectReason reason = policy.check(series.names());
        if (reason == null) {
            reason = tenants.limitsOf(series.tenant()).checkLabels(series.names(), series.values());
        }
        if (reason != null) {
            return new Verdict(reason, null);
        }
        return new Verdict(null, policy.hasUnknown(series.names()) ? stripUnknown(series) : series);
    }

    private Series stripUnknown(Series series) {
        int[] kept = policy.keptPositions(series.names());
        String[] names = new String[kept.length];
        String[] values = new String[kept.length];
        for (int i = 0; i < kept.length; i++) {
            names[i] = series.names()[kept[i]];
            values[i] = series.values()[kept[i]];
        }
        return new Series(series.tenant(), SeriesId.of(names, values), names, values);
    }
}
