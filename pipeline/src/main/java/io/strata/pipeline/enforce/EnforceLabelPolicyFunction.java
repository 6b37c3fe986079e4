package io.strata.pipeline.enforce;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.TenantLimitsTable;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Redaction;
import io.strata.pipeline.record.Sample;
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
    public EnforceLabelPolicyFunction(LabelPolicy policy, TenantLimitsTable tenants) {
        this.policy = policy;
        this.tenants = tenants;
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) {
        RejectReason reason = policy.check(sample.labelNames());
        if (reason == null) {
            reason = tenants.limitsOf(sample.tenant()).checkLabels(sample.labelNames(), sample.labelValues());
        }
        if (reason != null) {
            ctx.output(OutputTags.REJECTED, Redaction.rejection(policy, sample, reason, reason.label()));
            return;
        }
        out.collect(policy.hasUnknown(sample.labelNames()) ? stripUnknown(sample) : sample);
    }

    private Sample stripUnknown(Sample sample) {
        int[] kept = policy.keptPositions(sample.labelNames());
        String[] names = new String[kept.length];
        String[] values = new String[kept.length];
        for (int i = 0; i < kept.length; i++) {
            names[i] = sample.labelNames()[kept[i]];
            values[i] = sample.labelValues()[kept[i]];
        }
        return sample.withLabels(SeriesId.of(names, values), names, values);
    }
}
