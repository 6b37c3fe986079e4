package io.strata.pipeline.enforce;

import io.strata.operators.policy.SeriesAdmission;
import io.strata.operators.policy.SeriesAdmission.Decision;
import io.strata.pipeline.state.AdmissionCounters;
import io.strata.pipeline.state.cache.KeyedStateCache;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The keyed state behind a {@link SeriesAdmission}: each admitted series' last-seen event time
 * (one map entry per series, so RocksDB reads one entry per sample) and the key's counters.
 * Used for the per-host cap and for each tenant shard's series budget.
 */
final class SeriesAdmissionState {

    private final MapState<Long, Long> lastSeen;
    private final ValueState<AdmissionCounters> counters;

    /**
     * @param lastSeen the series' last sample times, from the {@link io.strata.pipeline.state.SavepointContract}
     * @param counters the key's admission counters, from the same
     * @param cache where the state is cached; {@link KeyedStateCache#OFF} for none
     */
    SeriesAdmissionState(RuntimeContext context, MapStateDescriptor<Long, Long> lastSeen,
            ValueStateDescriptor<AdmissionCounters> counters, KeyedStateCache cache) {
        this.lastSeen = cache.cached(context.getMapState(lastSeen));
        this.counters = cache.cached(context.getState(counters));
    }

    /**
     * What to do with the sample of {@code seriesId} at {@code timestamp}; the state is updated.
     * When the decision {@link Decision#storesLastSeen() stores} the sample's time, the series
     * expires at {@link SeriesAdmission#expiryEpochMillis} of it unless touched again.
     */
    Decision admit(long seriesId, long timestampEpochMillis, SeriesAdmission admission) throws Exception {
        Long seen = lastSeen.get(seriesId);
        if (seen != null) {
            // A known series is admitted whatever the key's count: the counters need not be read
            // (on RocksDB, one read per sample fewer).
            Decision known = admission.decide(true, seen, 0, timestampEpochMillis);
            if (known == Decision.ADMIT_AND_TOUCH) {
                lastSeen.put(seriesId, Math.max(seen, timestampEpochMillis));
            }
            return known;
        }
        AdmissionCounters c = counters.value();
        if (c == null) {
            c = AdmissionCounters.EMPTY;
        }
        Decision decision = admission.decide(false, 0, c.activeSeries(), timestampEpochMillis);
        if (decision == Decision.REJECT && admission.shouldSweep(c.lastSweepEpochMillis(), timestampEpochMillis)) {
            c = sweep(timestampEpochMillis, c, admission);
            decision = admission.decide(false, 0, c.activeSeries(), timestampEpochMillis);
        }
        if (decision == Decision.ADMIT_NEW) {
            lastSeen.put(seriesId, timestampEpochMillis);
            counters.update(new AdmissionCounters(c.activeSeries() + 1, c.lastSweepEpochMillis()));
        }
        return decision;
    }

    /**
     * Drops the key's series that expired at event time {@code clockEpochMillis}, and the whole
     * key's state once none is left, so a host that went silent leaves nothing behind.
     */
    void expire(long clockEpochMillis, SeriesAdmission admission) throws Exception {
        AdmissionCounters c = counters.value();
        if (c == null) {
            return;
        }
        int removed = 0;
        for (Iterator<Map.Entry<Long, Long>> it = lastSeen.iterator(); it.hasNext(); ) {
            if (admission.isExpired(it.next().getValue(), clockEpochMillis)) {
                it.remove();
                removed++;
            }
        }
        if (lastSeen.isEmpty()) {
            // An emptied map can still hold the key in the heap backend: clear drops it.
            lastSeen.clear();
            counters.clear();
        } else if (removed > 0) {
            counters.update(new AdmissionCounters(c.activeSeries() - removed, c.lastSweepEpochMillis()));
        }
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
