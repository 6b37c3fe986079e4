package io.strata.pipeline.enforce;

import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.ReasonCounters;
import io.strata.pipeline.record.Rejected;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * The one place where rejections are counted, by reason, and limits also by tenant
 * ({@code tenant_over_limit_total{tenant,reason}}): every {@link Rejected} of every stage passes
 * here on its way to the rejected dataset.
 */
public final class CountRejectedFunction extends RichMapFunction<Rejected, Rejected> {

    private static final long serialVersionUID = 1L;

    private transient ReasonCounters samples;
    private transient ReasonCounters frames;
    private transient Map<String, Counter> overLimit;

    @Override
    public void open(Configuration parameters) {
        samples = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_REJECTED, false);
        frames = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.FRAMES_REJECTED, true);
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
            overLimit.computeIfAbsent(rejected.tenant() + '\n' + rejected.reason().label(), k -> Accounting.counter(
                    getRuntimeContext().getMetricGroup(), Accounting.TENANT_OVER_LIMIT,
                    "tenant", rejected.tenant(), "reason", rejected.reason().label())).inc(rejected.samples());
        }
        return rejected;
    }
}
