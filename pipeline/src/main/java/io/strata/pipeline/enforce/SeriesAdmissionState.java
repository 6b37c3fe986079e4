package io.strata.pipeline.enforce;

import io.strata.operators.policy.SeriesAdmission;
import io.strata.operators.policy.SeriesAdmission.Decision;
import io.strata.pipeline.state.AdmissionCounters;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The keyed state behind a {@link SeriesAdmission}: each admitted series' last-seen event time
 * (one map entry per series, so RocksDB reads one entry per sample) and the key's counters.
 * Used for the per-host cap and for each tenant shard's series budget.
 */
final class SeriesAdmissionState {

    private final MapState<Long, Long> lastSeen;
    private final ValueState<AdmissionCounters> counters;

    SeriesAdmissionState(RuntimeContext context, String name) {
        this.lastSeen = context.getMapState(new MapStateDescriptor<>(name + "-last-seen", Types.LONG, Types.LONG));
        this.counters = context.getState(new ValueStateDescriptor<>(name + "-counters", TypeInformation.of(AdmissionCounters.class)));
    }

    /** Whether the sample of {@code seriesId} at {@code timestamp} may pass; updates the state. */
    boolean admit(long seriesId, long timestampEpochMillis, SeriesAdmission admission) throws Exception {
        Long seen = lastSeen.get(seriesId);
        AdmissionCounters c = counters.value();
        if (c == null) {
            c = AdmissionCounters.EMPTY;
        }
        Decision decision = admission.decide(seen != null, seen == null ? 0 : seen, c.activeSeries(), timestampEpochMillis);
        if (decision == Decision.REJECT && admission.shouldSweep(c.lastSweepEpochMillis(), timestampEpochMillis)) {
            c = sweep(timestampEpochMillis, c, admission);
            decision = admission.decide(false, 0, c.activeSeries(), timestampEpochMillis);
        }
        switch (decision) {
            case ADMIT_AND_TOUCH -> lastSeen.put(seriesId, Math.max(seen, timestampEpochMillis));
            case ADMIT_NEW -> {
                lastSeen.put(seriesId, timestampEpochMillis);
                counters.update(new AdmissionCounters(c.activeSeries() + 1, c.lastSweepEpochMillis()));
            }
            default -> { }
        }
        return decision.admits();
    }

    /** Drops series that expired at the key's event clock {@code now}; returns the new counters (stored). */
    private AdmissionCounters sweep(long now, AdmissionCounters c, SeriesAdmission admission) throws Exception {
        int removed = 0;
        for (Iterator<Map.Entry<Long, Long>> it = lastSeen.iterator(); it.hasNext(); ) {
            if (admission.isExpired(it.next().getValue(), now)) {
                it.remove();
                removed++;
            }
        }
        AdmissionCounters swept = new AdmissionCounters(c.activeSeries() - removed, now);
        counters.update(swept);
        return swept;
    }
}
