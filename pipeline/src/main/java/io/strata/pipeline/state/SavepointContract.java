package io.strata.pipeline.state;

import io.strata.operators.rollup.HistogramSeriesRollup;
import io.strata.operators.rollup.SeriesRollup;
import io.strata.pipeline.Uids;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.remotewrite.RejectedSamplesSerializer;
import io.strata.pipeline.sink.remotewrite.RemoteWriteWriterStateSerializer;
import io.strata.pipeline.sink.cold.s3.S3CommittableSerializer;
import io.strata.pipeline.sink.cold.s3.S3WriterStateSerializer;
import java.util.List;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every piece of state Strata keeps, by owning uid, state name and type: what a savepoint holds
 * and what must never be renamed. Functions take their state descriptors only from here (an
 * architecture rule refuses any other), so a new state cannot be added without appearing in
 * {@link #ENTRIES}; {@code docs/ARCHITECTURE.md} lists the same table (a test keeps them equal).
 * The serialized forms are pinned by the serializers' version tests and the 0.1.0 savepoint fixture.
 */
public final class SavepointContract {

    /** Where a state lives. */
    public enum Scope {
        /** Keyed state of a keyed function: one value, map or list per key. */
        KEYED,
        /** Operator (non-keyed) list state, redistributed on rescaling. */
        OPERATOR,
        /** A sink's writer state or committables, through the named versioned serializer. */
        SINK
    }

    /** One state: the uid of the operator owning it, its name, scope and serialized type. */
    public record Entry(String uid, String name, Scope scope, Class<?> type) {}

    public static final String HOST_SERIES_LAST_SEEN = "host-series-last-seen";
    public static final String HOST_SERIES_COUNTERS = "host-series-counters";
    public static final String TENANT_SERIES_LAST_SEEN = "tenant-series-last-seen";
    public static final String TENANT_SERIES_COUNTERS = "tenant-series-counters";
    public static final String TENANT_RATE_INTERVALS = "tenant-rate-intervals";
    public static final String FLOAT_ROLLUP = "rollup";
    public static final String HISTOGRAM_ROLLUP = "histogram-rollup";
    public static final String SERIES_IDENTITY = "identity";
    public static final String EMISSIONS = "emissions";
    public static final String CASCADE_WINDOWS = "cascade-windows";
    public static final String RULE_SAMPLES = "rule-samples";
    public static final String RULE_IDENTITY = "rule-identity";
    public static final String RULE_PARTIALS = "rule-partials";
    /** Before 0.2.0: one list element per held sample; read on restore, then left empty. */
    public static final String HELD_SAMPLES = "held-samples";
    public static final String HELD_SAMPLE_CHUNKS = "held-sample-chunks";
    /** Names of sink states, which Flink keys by uid alone. */
    public static final String SINK_WRITER_STATE = "writer state";
    public static final String SINK_COMMITTABLES = "committables";

    public static final List<Entry> ENTRIES = List.of(
            new Entry(Uids.HOST_SERIES_LIMIT, HOST_SERIES_LAST_SEEN, Scope.KEYED, Long.class),
            new Entry(Uids.HOST_SERIES_LIMIT, HOST_SERIES_COUNTERS, Scope.KEYED, AdmissionCounters.class),
            new Entry(Uids.TENANT_LIMITS, TENANT_SERIES_LAST_SEEN, Scope.KEYED, Long.class),
            new Entry(Uids.TENANT_LIMITS, TENANT_SERIES_COUNTERS, Scope.KEYED, AdmissionCounters.class),
            new Entry(Uids.TENANT_LIMITS, TENANT_RATE_INTERVALS, Scope.KEYED, Long.class),
            new Entry(Uids.ROLLUP_1M, FLOAT_ROLLUP, Scope.KEYED, SeriesRollup.class),
            new Entry(Uids.ROLLUP_1M, SERIES_IDENTITY, Scope.KEYED, SeriesIdentity.class),
            new Entry(Uids.ROLLUP_1M, EMISSIONS, Scope.KEYED, Integer.class),
            new Entry(Uids.HISTOGRAM_ROLLUP_1M, HISTOGRAM_ROLLUP, Scope.KEYED, HistogramSeriesRollup.class),
            new Entry(Uids.HISTOGRAM_ROLLUP_1M, SERIES_IDENTITY, Scope.KEYED, SeriesIdentity.class),
            new Entry(Uids.HISTOGRAM_ROLLUP_1M, EMISSIONS, Scope.KEYED, Integer.class),
            new Entry(Uids.ROLLUP_5M, CASCADE_WINDOWS, Scope.KEYED, CascadeWindow.class),
            new Entry(Uids.ROLLUP_5M, SERIES_IDENTITY, Scope.KEYED, SeriesIdentity.class),
            new Entry(Uids.ROLLUP_1H, CASCADE_WINDOWS, Scope.KEYED, CascadeWindow.class),
            new Entry(Uids.ROLLUP_1H, SERIES_IDENTITY, Scope.KEYED, SeriesIdentity.class),
            new Entry(Uids.RULE_SERIES, RULE_SAMPLES, Scope.KEYED, RuleSeriesWindow.class),
            new Entry(Uids.RULE_SERIES, RULE_IDENTITY, Scope.KEYED, SeriesIdentity.class),
            new Entry(Uids.RULE_AGGREGATE, RULE_PARTIALS, Scope.KEYED, RulePartial.class),
            new Entry(Uids.RELEASE_IN_STEP, HELD_SAMPLES, Scope.OPERATOR, Sample.class),
            new Entry(Uids.RELEASE_IN_STEP, HELD_SAMPLE_CHUNKS, Scope.OPERATOR, byte[].class),
            new Entry(Uids.HOT_SINK, SINK_WRITER_STATE, Scope.SINK, RemoteWriteWriterStateSerializer.class),
            new Entry(Uids.HOT_SINK, SINK_COMMITTABLES, Scope.SINK, RejectedSamplesSerializer.class),
            new Entry(Uids.HOT_SINK_DERIVED, SINK_WRITER_STATE, Scope.SINK,
                    RemoteWriteWriterStateSerializer.class),
            new Entry(Uids.HOT_SINK_DERIVED, SINK_COMMITTABLES, Scope.SINK, RejectedSamplesSerializer.class),
            new Entry(Uids.COLD_ROLLUPS_S3, SINK_WRITER_STATE, Scope.SINK, S3WriterStateSerializer.class),
            new Entry(Uids.COLD_ROLLUPS_S3, SINK_COMMITTABLES, Scope.SINK, S3CommittableSerializer.class),
            new Entry(Uids.COLD_REJECTED_S3, SINK_WRITER_STATE, Scope.SINK, S3WriterStateSerializer.class),
            new Entry(Uids.COLD_REJECTED_S3, SINK_COMMITTABLES, Scope.SINK, S3CommittableSerializer.class),
            new Entry(Uids.COLD_LATE_S3, SINK_WRITER_STATE, Scope.SINK, S3WriterStateSerializer.class),
            new Entry(Uids.COLD_LATE_S3, SINK_COMMITTABLES, Scope.SINK, S3CommittableSerializer.class));

    private SavepointContract() {}

    public static MapStateDescriptor<Long, Long> hostSeriesLastSeen() {
        return new MapStateDescriptor<>(HOST_SERIES_LAST_SEEN, Types.LONG, Types.LONG);
    }

    public static ValueStateDescriptor<AdmissionCounters> hostSeriesCounters() {
        return new ValueStateDescriptor<>(HOST_SERIES_COUNTERS, TypeInformation.of(AdmissionCounters.class));
    }

    public static MapStateDescriptor<Long, Long> tenantSeriesLastSeen() {
        return new MapStateDescriptor<>(TENANT_SERIES_LAST_SEEN, Types.LONG, Types.LONG);
    }

    public static ValueStateDescriptor<AdmissionCounters> tenantSeriesCounters() {
        return new ValueStateDescriptor<>(TENANT_SERIES_COUNTERS, TypeInformation.of(AdmissionCounters.class));
    }

    public static MapStateDescriptor<Long, Long> tenantRateIntervals() {
        return new MapStateDescriptor<>(TENANT_RATE_INTERVALS, Types.LONG, Types.LONG);
    }

    public static ValueStateDescriptor<SeriesRollup> floatRollup() {
        return new ValueStateDescriptor<>(FLOAT_ROLLUP, SeriesRollupSerializer.INSTANCE);
    }

    public static ValueStateDescriptor<HistogramSeriesRollup> histogramRollup() {
        return new ValueStateDescriptor<>(HISTOGRAM_ROLLUP, HistogramSeriesRollupSerializer.INSTANCE);
    }

    public static ValueStateDescriptor<SeriesIdentity> seriesIdentity() {
        return new ValueStateDescriptor<>(SERIES_IDENTITY, TypeInformation.of(SeriesIdentity.class));
    }

    public static MapStateDescriptor<Long, Integer> emissions() {
        return new MapStateDescriptor<>(EMISSIONS, Types.LONG, Types.INT);
    }

    public static MapStateDescriptor<Long, CascadeWindow> cascadeWindows() {
        return new MapStateDescriptor<>(CASCADE_WINDOWS, Types.LONG, TypeInformation.of(CascadeWindow.class));
    }

    public static ValueStateDescriptor<RuleSeriesWindow> ruleSamples() {
        return new ValueStateDescriptor<>(RULE_SAMPLES, TypeInformation.of(RuleSeriesWindow.class));
    }

    public static ValueStateDescriptor<SeriesIdentity> ruleIdentity() {
        return new ValueStateDescriptor<>(RULE_IDENTITY, TypeInformation.of(SeriesIdentity.class));
    }

    public static ListStateDescriptor<RulePartial> rulePartials() {
        return new ListStateDescriptor<>(RULE_PARTIALS, TypeInformation.of(RulePartial.class));
    }

    public static ListStateDescriptor<Sample> heldSamples() {
        return new ListStateDescriptor<>(HELD_SAMPLES, TypeInformation.of(Sample.class));
    }

    /** Held samples packed into compressed byte chunks ({@code HeldSampleChunks}): few bytes to restore. */
    public static ListStateDescriptor<byte[]> heldSampleChunks() {
        return new ListStateDescriptor<>(HELD_SAMPLE_CHUNKS, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }
}
