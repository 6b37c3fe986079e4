package io.strata.pipeline.enforce;

import io.strata.operators.policy.OverloadDetector;
import io.strata.operators.policy.PriorityShedder;
import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.SeriesAdmission;
import io.strata.operators.policy.TenantLimits;
import io.strata.operators.ratelimit.TokenBucket;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.TokenBucketSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies each tenant's {@code max_series} and {@code samples_rate_limit}, keyed by tenant shard
 * ({@link EnforcementKeys#tenantShard}): each shard holds {@code 1/shards} of the tenant's series
 * budget and rate (docs/LIMITS.md gives the math). Under overload, low-priority tenants are
 * throttled in proportion to their priority, before any higher-priority tenant loses a sample.
 * The last enforcement stage: what passes it is counted as {@code samples_accepted_total}.
 */
public final class TenantLimitsFunction extends KeyedProcessFunction<Long, Sample, Sample> {

    private static final long serialVersionUID = 1L;

    private final EnforcementSettings settings;
    private transient Map<String, SeriesAdmission> admissions;
    private transient SeriesAdmissionState series;
    private transient ValueState<TokenBucket> buckets;
    private transient OverloadDetector overload;
    private transient Map<String, PriorityShedder> shedders;
    private transient int highestPriority;
    private transient Counter accepted;

    public TenantLimitsFunction(EnforcementSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(Configuration parameters) {
        admissions = new HashMap<>();
        series = new SeriesAdmissionState(getRuntimeContext(), "tenant-series");
        buckets = getRuntimeContext().getState(new ValueStateDescriptor<>("tenant-rate", TokenBucketSerializer.INSTANCE));
        overload = new OverloadDetector(settings.overloadFreshnessThreshold(), settings.overloadSustain());
        shedders = new HashMap<>();
        highestPriority = settings.tenants().highestPriority();
        accepted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_ACCEPTED);
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) throws Exception {
        TenantLimits limits = settings.tenants().limitsOf(sample.tenant());
        long ts = sample.timestampEpochMillis();
        RejectReason reason = null;
        if (!series.admit(sample.seriesId(), ts, admissionOf(sample.tenant(), limits))) {
            reason = RejectReason.TENANT_SERIES_LIMIT;
        } else if (!acquire(ts, limits)) {
            reason = RejectReason.TENANT_RATE_LIMIT;
        } else if (settings.overloadEnabled()
                && overload.observe(ts, ctx.timerService().currentProcessingTime())
                && !shedders.computeIfAbsent(sample.tenant(), t -> new PriorityShedder()).keep(limits.priority(), highestPriority)) {
            reason = RejectReason.OVERLOAD_SHED;
        }
        if (reason == null) {
            accepted.inc();
            out.collect(sample);
        } else {
            ctx.output(OutputTags.REJECTED, Rejected.ofSample(sample, reason, reason.label(), ctx.timerService().currentProcessingTime()));
        }
    }

    private SeriesAdmission admissionOf(String tenant, TenantLimits limits) {
        return admissions.computeIfAbsent(tenant, t -> new SeriesAdmission(
                (int) Math.min(Integer.MAX_VALUE, ceilDiv(limits.maxSeries(), settings.tenantShards())), settings.seriesTtl()));
    }

    private boolean acquire(long ts, TenantLimits limits) throws Exception {
        TokenBucket bucket = buckets.value();
        if (bucket == null) {
            bucket = new TokenBucket();
        }
        double rate = limits.samplesPerSecond() / settings.tenantShards();
        // One second of the shard's rate as burst, and at least one sample.
        boolean granted = bucket.tryAcquire(ts, rate, Math.max(1, rate));
        buckets.update(bucket);
        return granted;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
