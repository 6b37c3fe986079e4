package io.strata.pipeline.enforce;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.ReasonCounters;
import io.strata.pipeline.metrics.TenantLabels;
import io.strata.pipeline.record.Rejected;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * The one place where rejections are counted, by reason, and limits also by tenant
 * ({@code tenant_over_limit_total{tenant,reason}}): every {@link Rejected} of every stage passes
 * here on its way to the rejected dataset. At most {@code maxTenants} tenants per subtask get a
 * {@code tenant} label of their own ({@link TenantLabels}); the rest are counted under
 * {@value TenantLabels#OTHER}.
 */
public final class CountRejectedFunction extends RichMapFunction<Rejected, Rejected> {

    private static final long serialVersionUID = 1L;

    private final int maxTenants;
    private transient ReasonCounters samples;
    private transient ReasonCounters frames;
    private transient TenantLabels tenants;
    private transient Map<String, Map<RejectReason, Counter>> overLimit;

    public CountRejectedFunction() {
        this(TenantLabels.DEFAULT_MAX_TENANTS);
    }

    public CountRejectedFunction(int maxTenants) {
        this.maxTenants = maxTenants;
    }

    @Override
    public void open(Configuration parameters) {
        samples = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_REJECTED, false);
        frames = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.FRAMES_REJECTED, true);
        tenants = new TenantLabels(maxTenants);
        overLimit = new HashMap<>();
    }

    @Override
    public Rejected map(Rejected rejected) {
        if (rejected.reason().isFrameLevel()) {
            frames.inc(rejected.reason(), 1);
        } else {
            samples.inc(rejected.reason(), rejected.samples());
        }
        if (rejected.reason().isLimit()) {
            String tenant = tenants.of(rejected.tenant());
            overLimit.computeIfAbsent(tenant, t -> new EnumMap<>(RejectReason.class))
                    .computeIfAbsent(rejected.reason(), reason -> Accounting.counter(getRuntimeContext().getMetricGroup(),
                            Accounting.TENANT_OVER_LIMIT, "tenant", tenant, "reason", reason.label()))
                    .inc(rejected.samples());
        }
        return rejected;
    }
}
