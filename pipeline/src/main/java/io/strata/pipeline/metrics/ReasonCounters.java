package io.strata.pipeline.metrics;

import io.strata.operators.policy.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** One accounting counter per {@link RejectReason}, registered up front so every reason exports a zero. */
public final class ReasonCounters {

    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    public ReasonCounters(MetricGroup operatorGroup, String name, boolean frameLevel) {
        for (RejectReason reason : RejectReason.values()) {
            if (reason.isFrameLevel() == frameLevel) {
                counters.put(reason, Accounting.counter(operatorGroup, name, "reason", reason.label()));
            }
        }
    }

    public void inc(RejectReason reason, long n) {
        counters.get(reason).inc(n);
    }
}
