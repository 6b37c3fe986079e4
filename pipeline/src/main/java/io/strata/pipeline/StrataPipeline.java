package io.strata.pipeline;

import static io.strata.operators.rollup.Resolution.FIVE_MINUTES;
import static io.strata.operators.rollup.Resolution.ONE_HOUR;
import static io.strata.operators.rollup.Resolution.ONE_MINUTE;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.decode.SplitDecodedFunction;
import io.strata.pipeline.enforce.CountRejectedFunction;
import io.strata.pipeline.enforce.EnforceLabelPolicyFunction;
import io.strata.pipeline.enforce.EnforcementKeys;
import io.strata.pipeline.enforce.EnforcementSettings;
import io.strata.pipeline.enforce.HostSeriesLimitFunction;
import io.strata.pipeline.enforce.TenantLimitsFunction;
import io.strata.pipeline.record.ImmutableTypeInfo;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.rollup.CascadeRollupFunction;
import io.strata.pipeline.rollup.HistogramRollupFunction;
import io.strata.pipeline.rollup.RollupFunction;
import io.strata.pipeline.rollup.RollupSettings;
import io.strata.pipeline.rollup.RollupToHotSamples;
import io.strata.pipeline.rules.RecordingRules;
import io.strata.pipeline.sink.cold.AvroRows;
import io.strata.pipeline.sink.cold.ColdDataset;
import io.strata.pipeline.sink.cold.ColdTimeRange;
import io.strata.pipeline.sink.cold.MergeRejectedOperator;
import io.strata.pipeline.sink.cold.file.ParquetDatasetSink;
import io.strata.pipeline.sink.cold.s3.S3Location;
import io.strata.pipeline.sink.remotewrite.ReleaseInStepOperator;
import io.strata.pipeline.sink.remotewrite.RemoteWriteSink;
import io.strata.pipeline.source.EventTime;
import io.strata.pipeline.source.FrameSource;
import io.strata.pipeline.source.Sources;
import io.strata.pipeline.state.cache.KeyedStateCache;
import io.strata.pipeline.state.cache.StateCachingFunction;
import io.strata.pipeline.state.cache.StateCachingProcessOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * Wires Strata's graph: decoded frames → split → label policy → host series limit → tenant
 * limits → raw hot output, recording rules and 1m rollups (float and native-histogram series
 * apart) → 5m from 1m → 1h from 5m → hot (raw, 1m, 5m, rule results) and cold (1m, 5m, 1h)
 * outputs, with rejected and late data to their cold datasets. The source ({@link Sources}) and
 * {@link Sinks} are passed in, so the job, the command line, the tests and the benchmarks build
 * the same graph.
 */
public final class StrataPipeline {

    /**
     * How long a silent series keeps its rollup state (counter cursor, previous histogram), in
     * event time: far longer than the stream pauses the platform plans for (T5: 10–20 minutes),
     * so the step across a pause still counts, yet bounded, so state does not grow with churn.
     */
    public static final Duration ROLLUP_SERIES_STATE_TTL = Duration.ofHours(6);
    private static final TypeInformation<Sample> SAMPLE_TYPE = TypeInformation.of(Sample.class);
    private static final TypeInformation<Rollup> ROLLUP_TYPE = TypeInformation.of(Rollup.class);

    /**
     * What the graph needs besides its source and sinks; {@link #builder} fills in the defaults.
     *
     * @param maxOutOfOrderness how far behind the newest sample of a partition or shard a sample
     *     may come without being late
     * @param idleness after how long without samples a partition or shard stops holding back
     *     the watermark
     * @param alignmentMaxDrift how far a partition's or shard's watermark may run ahead of the
     *     slowest one before it is paused ({@link EventTime}); {@code null} turns alignment off
     * @param rules the recording rules evaluated on the accepted samples, their results written hot
     */
    public record Settings(
            LabelPolicy policy,
            EnforcementSettings enforcement,
            RemoteWriteDecoder decoder,
            Duration maxOutOfOrderness,
            Duration idleness,
            Duration alignmentMaxDrift,
            RollupSettings rollups,
            RuleSet rules) {

        public Settings {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(enforcement, "enforcement");
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(rollups, "rollups");
            Objects.requireNonNull(rules, "rules");
            if (maxOutOfOrderness == null || maxOutOfOrderness.isNegative()) {
                throw new IllegalArgumentException("maxOutOfOrderness must be zero or positive, got " + maxOutOfOrderness);
            }
            if (idleness == null || idleness.isNegative() || idleness.isZero()) {
                throw new IllegalArgumentException("idleness must be positive, got " + idleness);
            }
            if (alignmentMaxDrift != null && (alignmentMaxDrift.isNegative() || alignmentMaxDrift.isZero())) {
                throw new IllegalArgumentException("alignmentMaxDrift must be positive (or null for no alignment), got "
                        + alignmentMaxDrift);
            }
        }

        /**
         * Settings for {@code policy}: the platform's limits, a decoder with the default budgets,
         * the default watermarks and alignment, allowed lateness and no recording rules, until set.
         */
        public static Builder builder(LabelPolicy policy) {
            return new Builder(policy);
        }

        public WatermarkStrategy<SourceRecord> watermarks() {
            return EventTime.watermarks(maxOutOfOrderness, idleness, alignmentMaxDrift);
        }

        /** Builds {@link Settings}; see {@link Settings#builder}. */
        public static final class Builder {
            private final LabelPolicy policy;
            private EnforcementSettings enforcement = EnforcementSettings.platformDefault();
            private RemoteWriteDecoder decoder;
            private Duration maxOutOfOrderness = EventTime.DEFAULT_MAX_OUT_OF_ORDERNESS;
            private Duration idleness = EventTime.DEFAULT_IDLENESS;
            private Duration alignmentMaxDrift = EventTime.DEFAULT_ALIGNMENT_MAX_DRIFT;
            private RollupSettings rollups = RollupSettings.defaults();
            private RuleSet rules = RuleSet.EMPTY;

            private Builder(LabelPolicy policy) {
                this.policy = Objects.requireNonNull(policy, "policy");
            }

            public Builder enforcement(EnforcementSettings enforcement) {
                this.enforcement = enforcement;
                return this;
            }

            /** The decoder, by default {@link RemoteWriteDecoder#withDefaults} of the policy. */
            public Builder decoder(RemoteWriteDecoder decoder) {
                this.decoder = decoder;
                return this;
            }

            public Builder maxOutOfOrderness(Duration maxOutOfOrderness) {
                this.maxOutOfOrderness = maxOutOfOrderness;
                return this;
            }

            public Builder idleness(Duration idleness) {
                this.idleness = idleness;
                return this;
            }

            /** How far a split's watermark may run ahead; null turns alignment off. */
            public Builder alignmentMaxDrift(Duration alignmentMaxDrift) {
                this.alignmentMaxDrift = alignmentMaxDrift;
                return this;
            }

            public Builder rollups(RollupSettings rollups) {
                this.rollups = rollups;
                return this;
            }

            public Builder rules(RuleSet rules) {
                this.rules = rules;
                return this;
            }

            public Settings build() {
                return new Settings(policy, enforcement, decoder != null ? decoder : RemoteWriteDecoder.withDefaults(policy),
                        maxOutOfOrderness, idleness, alignmentMaxDrift, rollups, rules);
            }
        }
    }

    private StrataPipeline() {}

    /**
     * Assembles Strata's graph on {@code env}: what {@code source} decodes, policed, limited,
     * rolled up and evaluated, written to {@code sinks}. The job, every command, the tests and
     * the benchmarks build their graph here.
     */
    public static void assemble(StreamExecutionEnvironment env, Settings settings, FrameSource source, Sinks sinks) {
        DataStream<SourceRecord> decoded = source.decoded(env, settings);
        SingleOutputStreamOperator<Sample> samples = decoded
                .process(new SplitDecodedFunction())
                .name("split decoded")
                .uid(Uids.SPLIT_DECODED);
        SingleOutputStreamOperator<Sample> policed = samples
                .process(new EnforceLabelPolicyFunction(settings.policy(), settings.enforcement().tenants()))
                .name("label policy")
                .uid(Uids.ENFORCE_LABEL_POLICY);
        SingleOutputStreamOperator<Sample> withinHostLimits = policed
                .keyBy(EnforcementKeys::host)
                .transform("host series limit", SAMPLE_TYPE, cachingState(new HostSeriesLimitFunction(settings.enforcement())))
                .uid(Uids.HOST_SERIES_LIMIT);
        int shards = settings.enforcement().tenantShards();
        SingleOutputStreamOperator<Sample> accepted = withinHostLimits
                .keyBy(sample -> EnforcementKeys.tenantShard(sample, shards))
                .transform("tenant limits", SAMPLE_TYPE, cachingState(new TenantLimitsFunction(settings.enforcement())))
                .uid(Uids.TENANT_LIMITS);

        Rollups rollups = rollups(accepted, settings.rollups());
        DataStream<Rollup> rollups1m = rollups.oneMinute();
        DataStream<Rollup> rollups5m = rollups.fiveMinutes();
        DataStream<Rollup> rollups1h = rollups.oneHour();
        DataStream<LateSample> late = rollups.late();

        // What a remote_write receiver refuses goes to the cold rejected dataset, when there is one.
        boolean keepRefused = sinks.coldBasePath() != null;
        List<DataStream<Rejected>> refused = new ArrayList<>();
        if (sinks.rawHot() != null) {
            writeHot(releasedInStep(accepted, settings, sinks.rawHot()), sinks.rawHot(), "remote_write: raw", Uids.HOT_SINK,
                    Uids.HOT_SINK_REFUSED, keepRefused, refused);
        }
        if (sinks.derivedHot() != null) {
            // Hot gets each window's first result only: Prometheus answers 400 "duplicate sample for
            // timestamp" to a second, different value at the same timestamp. Corrections go to cold.
            DataStream<Sample> rollupSeries = rollups1m.union(rollups5m)
                    .flatMap(new RollupToHotSamples())
                    .name("rollup series")
                    .uid(Uids.ROLLUP_TO_HOT);
            DataStream<Sample> ruleResults = RecordingRules.results(accepted, settings.rules());
            DataStream<Sample> derived = ruleResults == null ? rollupSeries : rollupSeries.union(ruleResults);
            writeHot(derived, sinks.derivedHot(), "remote_write: derived", Uids.HOT_SINK_DERIVED, Uids.HOT_SINK_DERIVED_REFUSED,
                    keepRefused, refused);
        }

        DataStream<Rejected> rejected = samples.getSideOutput(OutputTags.REJECTED)
                .union(policed.getSideOutput(OutputTags.REJECTED),
                        withinHostLimits.getSideOutput(OutputTags.REJECTED),
                        accepted.getSideOutput(OutputTags.REJECTED))
                .map(new CountRejectedFunction())
                .name("count rejected")
                .uid(Uids.COUNT_REJECTED);

        if (sinks.coldBasePath() != null) {
            // One sink for every resolution: rows go to resolution=<r>/ by their resolution column.
            writeCold(rollups1m.union(rollups5m, rollups1h).map(AvroRows::rollup), ColdDataset.ROLLUPS, "resolution=",
                    sinks, Uids.COLD_ROLLUPS_PATH);
            for (DataStream<Rejected> refusedByReceiver : refused) {
                rejected = rejected.union(refusedByReceiver);
            }
            // Counted above sample by sample; written as one row per series, reason and hour per checkpoint.
            rejected = rejected
                    .transform("merge rejected", OutputTags.REJECTED.getTypeInfo(),
                            new MergeRejectedOperator(MergeRejectedOperator.DEFAULT_MAX_ROWS))
                    .uid(Uids.MERGE_REJECTED);
            writeCold(rejected.map(AvroRows::rejected), ColdDataset.REJECTED, "rejected", sinks, Uids.COLD_REJECTED_PATH);
            writeCold(late.map(AvroRows::late), ColdDataset.LATE, "late", sinks, Uids.COLD_LATE_PATH);
        }
    }

    /** The rollup streams of {@link #rollups}, and the samples that came too late for their 1m window. */
    public record Rollups(DataStream<Rollup> oneMinute, DataStream<Rollup> fiveMinutes, DataStream<Rollup> oneHour,
            DataStream<LateSample> late) {}

    /**
     * The per-series rollups of {@code accepted}: 1m windows (float and native-histogram series
     * apart), 5m cascaded from the 1m results, 1h from the 5m results.
     */
    public static Rollups rollups(DataStream<Sample> accepted, RollupSettings lateness) {
        SingleOutputStreamOperator<Rollup> floatRollups = accepted
                .filter(sample -> sample.kind() != MetricKind.HISTOGRAM)
                .name("float series")
                .uid(Uids.FLOAT_SERIES)
                .keyBy(new SeriesKey())
                .transform("rollup 1m", ROLLUP_TYPE, cachingState(
                        new RollupFunction(ONE_MINUTE.windowMillis(), ONE_MINUTE.label(), lateness.allowedLateness1m().toMillis())
                                .withSeriesTtl(ROLLUP_SERIES_STATE_TTL)))
                .uid(Uids.ROLLUP_1M);
        SingleOutputStreamOperator<Rollup> histogramRollups = accepted
                .filter(sample -> sample.kind() == MetricKind.HISTOGRAM)
                .name("histogram series")
                .uid(Uids.HISTOGRAM_SERIES)
                .keyBy(new SeriesKey())
                .transform("histogram rollup 1m", ROLLUP_TYPE, cachingState(
                        new HistogramRollupFunction(ONE_MINUTE.windowMillis(), ONE_MINUTE.label(), lateness.allowedLateness1m().toMillis(),
                                ExponentialHistogram.DEFAULT_MAX_BUCKETS).withSeriesTtl(ROLLUP_SERIES_STATE_TTL)))
                .uid(Uids.HISTOGRAM_ROLLUP_1M);
        DataStream<Rollup> rollups1m = floatRollups.union(histogramRollups);
        // Cascaded: 5m from the 1m results, 1h from the 5m results, never from raw samples again.
        SingleOutputStreamOperator<Rollup> rollups5m = rollups1m
                .keyBy(SeriesKey.ofRollups())
                .transform("rollup 5m from 1m", ROLLUP_TYPE, cachingState(
                        new CascadeRollupFunction(FIVE_MINUTES.windowMillis(), FIVE_MINUTES.label(), lateness.allowedLateness5m().toMillis())))
                .uid(Uids.ROLLUP_5M);
        SingleOutputStreamOperator<Rollup> rollups1h = rollups5m
                .keyBy(SeriesKey.ofRollups())
                .transform("rollup 1h from 5m", ROLLUP_TYPE, cachingState(
                        new CascadeRollupFunction(ONE_HOUR.windowMillis(), ONE_HOUR.label(), lateness.allowedLateness1h().toMillis())))
                .uid(Uids.ROLLUP_1H);
        DataStream<LateSample> late = floatRollups.getSideOutput(OutputTags.LATE)
                .union(histogramRollups.getSideOutput(OutputTags.LATE));
        return new Rollups(rollups1m, rollups5m, rollups1h, late);
    }

    /** Runs a keyed stage with its per-record state cached between checkpoints (on RocksDB). */
    private static <I, O, F extends KeyedProcessFunction<Long, I, O> & StateCachingFunction>
            StateCachingProcessOperator<Long, I, O> cachingState(F function) {
        return new StateCachingProcessOperator<>(function, KeyedStateCache.DEFAULT_CAPACITY);
    }

    /**
     * The raw samples as the hot writer gets them: with watermark alignment on, none more than its
     * maximum drift ahead of the job's watermark ({@link ReleaseInStepOperator}), so a replay
     * meets the receiver's window. Derived series need no such step: windows fire on the watermark.
     */
    private static DataStream<Sample> releasedInStep(DataStream<Sample> accepted, Settings settings, Sink<Sample> sink) {
        if (settings.alignmentMaxDrift() == null) {
            return accepted;
        }
        int maxHeld = sink instanceof RemoteWriteSink remoteWrite
                ? remoteWrite.settings().maxHeldSamples()
                : ReleaseInStepOperator.DEFAULT_MAX_HELD;
        return accepted
                .transform("release in step", accepted.getType(), new ReleaseInStepOperator(settings.alignmentMaxDrift(), maxHeld))
                .uid(Uids.RELEASE_IN_STEP);
    }

    /**
     * Writes {@code samples} to {@code sink}; a remote_write sink's refused samples are added to
     * {@code refused} when {@code keepRefused}, else only counted.
     */
    private static void writeHot(DataStream<Sample> samples, Sink<Sample> sink, String name, String uid, String refusedUid,
            boolean keepRefused, List<DataStream<Rejected>> refused) {
        if (keepRefused && sink instanceof RemoteWriteSink remoteWrite) {
            refused.add(remoteWrite.writeAndReturnRefused(samples, name, uid, refusedUid));
        } else {
            samples.sinkTo(sink).name(name).uid(uid);
        }
    }

    private static void writeCold(SingleOutputStreamOperator<GenericRecord> rows, ColdDataset dataset, String folder,
            Sinks sinks, Uids.ColdPath uids) {
        DataStream<GenericRecord> avro = rows.returns(ImmutableTypeInfo.of(new GenericRecordAvroTypeInfo(dataset.schema())))
                .name("to avro: " + folder)
                .uid(uids.avro());
        ColdTimeRange range = sinks.coldRange();
        if (range != null) {
            avro = avro.filter(row -> range.contains(row, dataset)).name("in range: " + folder).uid(uids.range());
        }
        String basePath = sinks.coldBasePath();
        if (S3Location.isS3(basePath)) {
            avro.sinkTo(sinks.coldS3().sink(basePath, dataset, folder))
                    .name("parquet s3: " + folder)
                    .uid(uids.s3Sink());
        } else {
            avro.sinkTo(ParquetDatasetSink.create(basePath, folder, dataset))
                    .name("parquet: " + folder)
                    .uid(uids.fileSink());
        }
    }
}
