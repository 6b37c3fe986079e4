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
    private static final int VERDICT_SLOTS = 1 << 14;

    private final LabelPolicy policy;
    private final TenantLimitsTable tenants;
    private transient Verdict[] verdicts;
    public EnforceLabelPolicyFunction(LabelPolicy policy, TenantLimitsTable tenants) {
        this.policy = policy;
        this.tenants = tenants;
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) {
        Verdict verdict = verdictOf(sample);
        if (verdict.reason != null) {
            ctx.output(OutputTags.REJECTED, Redaction.rejection(policy, sample, verdict.reason, verdict.reason.label()));
            return;
        }
        out.collect(verdict.keptNames == null ? sample : sample.withLabels(verdict.keptId, verdict.keptNames, verdict.keptValues));
    }

    /**
     * The verdict on a sample's labels, worked out once per series: the samples of a series share
     * their label arrays (decoded once per series), so the last verdict is found by their identity,
     * and the labels a stripped series keeps are one set of arrays for all of its samples.
     */
    private Verdict verdictOf(Sample sample) {
        if (verdicts == null) {
            verdicts = new Verdict[VERDICT_SLOTS];
        }
        long id = sample.seriesId();
        int slot = (int) (id ^ (id >>> 32)) & (VERDICT_SLOTS - 1);
        Verdict verdict = verdicts[slot];
        if (verdict == null || !verdict.isFor(sample)) {
            verdict = judge(sample);
            verdicts[slot] = verdict;
        }
        return verdict;
    }

    private Verdict judge(Sample sample) {
        String[] names = sample.labelNames();
        String[] values = sample.labelValues();
        RejectReason reason = policy.check(names);
        if (reason == null) {
            reason = tenants.limitsOf(sample.tenant()).checkLabels(names, values);
        }
        if (reason != null || !policy.hasUnknown(names)) {
            return new Verdict(sample.tenant(), names, values, reason, 0, null, null);
        }
        int[] kept = policy.keptPositions(names);
        String[] keptNames = new String[kept.length];
        String[] keptValues = new String[kept.length];
        for (int i = 0; i < kept.length; i++) {
            keptNames[i] = names[kept[i]];
            keptValues[i] = values[kept[i]];
        }
        return new Verdict(sample.tenant(), names, values, null, SeriesId.of(keptNames, keptValues), keptNames, keptValues);
    }

    /** What to do with the samples of one label set: reject them for {@code reason}, or pass them on (with only the kept labels). */
    private record Verdict(String tenant, String[] names, String[] values, RejectReason reason,
            long keptId, String[] keptNames, String[] keptValues) {

        boolean isFor(Sample sample) {
            return names == sample.labelNames() && values == sample.labelValues() && tenant.equals(sample.tenant());
        }
    }
}
