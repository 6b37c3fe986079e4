package io.strata.pipeline.enforce;

import io.strata.operators.policy.OverloadDetector;
import io.strata.operators.policy.PriorityShedder;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.SeriesAdmission;
import io.strata.operators.policy.SeriesAdmission.Decision;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.ratelimit.EventTimeRateLimit;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.TenantLabels;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.cache.KeyedStateCache;
import io.strata.pipeline.state.cache.StateCachingFunction;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies each tenant's {@code max_series} and {@code samples_rate_limit}, keyed by tenant shard
 * ({@link EnforcementKeys#tenantShard}): each shard holds {@code 1/shards} of the tenant's series
 * budget and of each event-time interval's sample budget (docs/LIMITS.md gives the math). Under overload, low-priority tenants are
 * throttled in proportion to their priority, before any higher-priority tenant loses a sample.
 * The last enforcement stage: what passes it is counted as {@code samples_accepted_total}.
 *
 * <p>A shard's series silent for {@code limits.series-ttl} are dropped by event-time timers, as
 * in {@link HostSeriesLimitFunction}, so a tenant that stops sending leaves no state.
 * Heap per subtask is bounded whatever tenant names arrive: series admissions are cached per
 * distinct configured limits, and shedding credit is kept for the first {@link
 * TenantLabels#DEFAULT_MAX_TENANTS} tenants, the rest sharing one.
 */
public final class TenantLimitsFunction extends KeyedProcessFunction<Long, Sample, Sample> implements StateCachingFunction {

    private static final long serialVersionUID = 1L;

    private final EnforcementSettings settings;
    private transient Map<TenantLimits, SeriesAdmission> admissions;
    /** Expires series of any tenant: only its TTL, the same for every tenant, is used. */
    private transient SeriesAdmission expiry;
    private transient SeriesAdmissionState series;
    private transient EventTimeRateLimit rateLimit;
    private transient MapState<Long, Long> samplesPerInterval;
    private transient OverloadDetector overload;
    private transient TenantLabels shedderTenants;
    private transient Map<String, PriorityShedder> shedders;
    private transient int highestPriority;
    private transient Counter accepted;
    private transient KeyedStateCache stateCache;

    public TenantLimitsFunction(EnforcementSettings settings) {
        this.settings = settings;
    }

    @Override
    public void cacheStateIn(KeyedStateCache cache) {
        this.stateCache = cache;
    }

    @Override
    public void open(Configuration parameters) {
        KeyedStateCache cache = KeyedStateCache.orOff(stateCache);
        admissions = new HashMap<>();
        expiry = new SeriesAdmission(0, settings.seriesTtl());
        series = new SeriesAdmissionState(getRuntimeContext(), SavepointContract.tenantSeriesLastSeen(),
                SavepointContract.tenantSeriesCounters(), cache);
        rateLimit = new EventTimeRateLimit(settings.rateInterval());
        samplesPerInterval = cache.cached(getRuntimeContext().getMapState(SavepointContract.tenantRateIntervals()));
        overload = new OverloadDetector(settings.overloadFreshnessThreshold(), settings.overloadSustain());
        shedderTenants = new TenantLabels(TenantLabels.DEFAULT_MAX_TENANTS);
        shedders = new HashMap<>();
        highestPriority = settings.tenants().highestPriority();
        accepted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_ACCEPTED);
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) throws Exception {
        TenantLimits limits = settings.tenants().limitsOf(sample.tenant());
        long ts = sample.timestampEpochMillis();
        RejectReason reason = null;
        SeriesAdmission admission = admissionOf(limits);
        Decision decision = series.admit(sample.seriesId(), ts, admission);
        if (decision.storesLastSeen()) {
            ctx.timerService().registerEventTimeTimer(admission.expiryEpochMillis(ts));
        }
        if (!decision.admits()) {
            reason = RejectReason.TENANT_SERIES_LIMIT;
        } else if (!chargeRate(ts, limits, ctx)) {
            reason = RejectReason.TENANT_RATE_LIMIT;
        } else if (settings.overloadEnabled()
                && overload.observe(ts, ctx.timerService().currentProcessingTime())
                && !shedders.computeIfAbsent(shedderTenants.of(sample.tenant()), t -> new PriorityShedder())
                        .keep(limits.priority(), highestPriority)) {
            reason = RejectReason.OVERLOAD_SHED;
        }
        if (reason == null) {
            accepted.inc();
            out.collect(sample);
        } else {
            ctx.output(OutputTags.REJECTED, Rejected.ofSample(sample, reason, reason.label()));
        }
    }

    /** Tenants with the same limits (all unconfigured ones among them) share one admission rule. */
    private SeriesAdmission admissionOf(TenantLimits limits) {
        return admissions.computeIfAbsent(limits, l -> new SeriesAdmission(
                (int) Math.min(Integer.MAX_VALUE, ceilDiv(limits.maxSeries(), settings.tenantShards())), settings.seriesTtl()));
    }

    /** Charges the sample to its interval's budget if there is room; false if the interval is full. */
    private boolean chargeRate(long ts, TenantLimits limits, Context ctx) throws Exception {
        long interval = rateLimit.intervalStart(ts);
        Long used = samplesPerInterval.get(interval);
        if (used == null) {
            used = 0L;
            // The interval's count is dropped once the watermark has passed it.
            ctx.timerService().registerEventTimeTimer(interval + rateLimit.intervalMillis() - 1);
        }
        if (!rateLimit.admits(used, limits.samplesPerSecond(), settings.tenantShards())) {
            return false;
        }
        samplesPerInterval.put(interval, used + 1);
        return true;
    }

    /**
     * Two kinds of timer, told apart by their time: an interval's last millisecond drops its rate
     * count; a multiple of the touch interval ({@link SeriesAdmission#expiryEpochMillis}) drops the
     * shard's silent series. Should a time be both, doing both is harmless.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Sample> out) throws Exception {
        if ((timestamp + 1) % rateLimit.intervalMillis() == 0) {
            samplesPerInterval.remove(timestamp + 1 - rateLimit.intervalMillis());
        }
        if (timestamp % expiry.touchIntervalMillis() == 0) {
            series.expire(timestamp, expiry);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
