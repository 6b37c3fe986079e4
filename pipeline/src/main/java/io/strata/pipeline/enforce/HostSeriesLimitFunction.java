package io.strata.pipeline.enforce;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.SeriesAdmission;
import io.strata.operators.policy.SeriesAdmission.Decision;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.cache.KeyedStateCache;
import io.strata.pipeline.state.cache.StateCachingFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds each host to its active-series budget (keyed by {@link EnforcementKeys#host}): series
 * admitted keep flowing; new series beyond the cap go to {@link OutputTags#REJECTED} as
 * {@code host_series_limit} until others expire.
 *
 * <p>A series silent for {@code limits.series-ttl} of event time is dropped by an event-time
 * timer, and a host whose series all expired leaves no state: host names churn (autoscaled game
 * servers), so keys must not live for ever. Each stored last-seen time asks for a timer at its
 * expiry, rounded to the touch interval ({@link SeriesAdmission#expiryEpochMillis}), so a host
 * holds at most a few timers and a steady series adds none between touches.
 */
public final class HostSeriesLimitFunction extends KeyedProcessFunction<Long, Sample, Sample> implements StateCachingFunction {

    private static final long serialVersionUID = 1L;

    private final EnforcementSettings settings;
    private transient SeriesAdmission admission;
    private transient SeriesAdmissionState series;
    private transient KeyedStateCache stateCache;

    public HostSeriesLimitFunction(EnforcementSettings settings) {
        this.settings = settings;
    }

    @Override
    public void cacheStateIn(KeyedStateCache cache) {
        this.stateCache = cache;
    }

    @Override
    public void open(Configuration parameters) {
        admission = new SeriesAdmission(settings.maxSeriesPerHost(), settings.seriesTtl());
        series = new SeriesAdmissionState(getRuntimeContext(), SavepointContract.hostSeriesLastSeen(),
                SavepointContract.hostSeriesCounters(), KeyedStateCache.orOff(stateCache));
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) throws Exception {
        long ts = sample.timestampEpochMillis();
        Decision decision = series.admit(sample.seriesId(), ts, admission);
        if (decision.storesLastSeen()) {
            ctx.timerService().registerEventTimeTimer(admission.expiryEpochMillis(ts));
        }
        if (decision.admits()) {
            out.collect(sample);
        } else {
            ctx.output(OutputTags.REJECTED, Rejected.ofSample(sample, RejectReason.HOST_SERIES_LIMIT,
                    "host over " + settings.maxSeriesPerHost() + " active series"));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Sample> out) throws Exception {
        series.expire(timestamp, admission);
    }
}
