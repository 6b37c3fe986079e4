package io.strata.pipeline.decode;

import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.SourceRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decodes one remote_write 1.0 frame (snappy block + {@code WriteRequest}) into samples and
 * rejections: the pipeline's trust boundary. Never throws on bad input: every frame, series or
 * sample that cannot be used comes out as a {@link Rejected} with its reason (one per series and
 * reason, with the count and time range of its samples), with label values other than identity
 * and allowlisted ones removed; everything that comes out as a sample satisfies what later stages
 * assume (see {@link FrameWalker}, {@link LabelSetDecoder}, {@link HistogramReader}).
 *
 * <p>Serializable configuration; the decoding state (reused buffers, the label-set cache) is made
 * on first use in each copy, so a copy must not decode on two threads at once. Flink gives every
 * source subtask its own copy.
 */
public final class RemoteWriteDecoder implements Serializable {

    private static final long serialVersionUID = 2L;

    /** 2000-01-01T00:00:00Z: anything older is a broken clock, not telemetry. */
    public static final long MIN_VALID_TIMESTAMP_EPOCH_MILLIS = 946_684_800_000L;

    private final LabelPolicy policy;
    private final DecodeLimits limits;
    private final Set<String> tenants;
    private transient FrameWalker walker;

    /** @param tenants the tenants that may send ({@code source.tenants}), or empty for any valid name */
    public RemoteWriteDecoder(LabelPolicy policy, DecodeLimits limits, Set<String> tenants) {
        this.policy = policy;
        this.limits = limits;
        this.tenants = Set.copyOf(tenants);
    }

    public RemoteWriteDecoder(LabelPolicy policy, DecodeLimits limits) {
        this(policy, limits, Set.of());
    }

    /** A decoder with the default limits that redacts what {@code policy} does not allow. */
    public static RemoteWriteDecoder withDefaults(LabelPolicy policy) {
        return new RemoteWriteDecoder(policy, DecodeLimits.defaults());
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Where a record read now comes from, placed by its broker timestamp where that can be trusted. */
    public Arrival arrival(String origin, long brokerTimestampEpochMillis, long readAtEpochMillis) {
        return Arrival.of(origin, brokerTimestampEpochMillis, readAtEpochMillis,
                limits.maxFutureSkew().toMillis(), limits.maxRecordAge().toMillis());
    }

    /**
     * Decodes {@code frame} and hands every sample and rejection to {@code out}, in frame order
     * (a series' rejections after its samples).
     *
     * @param nowEpochMillis the wall clock, against which future skew is judged
     * @return whether the frame was read, rather than rejected whole
     */
    public boolean decode(byte[] frame, String tenant, Arrival arrival, long nowEpochMillis, Consumer<SourceRecord> out) {
        if (walker == null) {
            walker = new FrameWalker(policy, limits);
        }
        return walker.decode(frame, tenant, arrival, nowEpochMillis, out);
    }

    /**
     * Decodes a stream record whose tenant name is {@code tenantName} as the producer set it
     * ({@code null} or empty for {@code defaultTenant}); a record with an invalid or unknown
     * tenant is rejected whole.
     */
    public boolean decode(
            byte[] frame, byte[] tenantName, String defaultTenant, Arrival arrival, long nowEpochMillis, Consumer<SourceRecord> out) {
        TenantNames.Verdict tenant = TenantNames.resolve(tenantName, defaultTenant, tenants);
        if (tenant.rejected()) {
            out.accept(SourceRecord.of(Rejected.frame(tenant.tenant(), tenant.reason(), tenant.detail(), 0,
                    frame == null ? 0 : frame.length, arrival)));
            return false;
        }
        return decode(frame, tenant.tenant(), arrival, nowEpochMillis, out);
    }

    /** {@link #decode(byte[], String, Arrival, long, Consumer)} of a record without a broker timestamp, read now. */
    public boolean decode(byte[] frame, String tenant, String origin, long nowEpochMillis, Consumer<SourceRecord> out) {
        return decode(frame, tenant, Arrival.readAt(origin, nowEpochMillis), nowEpochMillis, out);
    }

    /** For tests and tools: every record a frame decodes into. */
    public List<SourceRecord> decodeAll(byte[] frame, String tenant, String origin, long nowEpochMillis) {
        List<SourceRecord> records = new ArrayList<>();
        decode(frame, tenant, origin, nowEpochMillis, records::add);
        return records;
    }
}
