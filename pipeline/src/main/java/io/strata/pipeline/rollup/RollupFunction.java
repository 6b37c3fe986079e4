package io.strata.pipeline.rollup;

import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SeriesIdentity;
import io.strata.pipeline.state.SeriesRollupSerializer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls float series up into epoch-aligned event-time windows, keyed by series id. A window
 * fires when the watermark passes its end; a sample whose window has already fired goes to
 * {@link OutputTags#LATE} and is counted, never silently dropped.
 *
 * <p>Counters keep their last raw value across windows (in {@link SeriesRollup}), so the
 * increases of consecutive windows add up exactly.
 */
public final class RollupFunction extends KeyedProcessFunction<Long, Sample, Rollup> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final String resolution;

    private transient ValueState<SeriesRollup> rollups;
    private transient ValueState<SeriesIdentity> identities;
    private transient Counter emitted;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter outOfOrder;

    public RollupFunction(long windowMillis, String resolution) {
        this.windowMillis = windowMillis;
        this.resolution = resolution;
    }

    @Override
    public void open(Configuration parameters) {
        rollups = getRuntimeContext().getState(new ValueStateDescriptor<>("rollup", SeriesRollupSerializer.INSTANCE));
        identities = getRuntimeContext().getState(
                new ValueStateDescriptor<>("identity", TypeInformation.of(SeriesIdentity.class)));
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_EMITTED, "resolution", resolution);
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_LATE, "resolution", resolution);
        duplicates = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", "duplicate_timestamp");
        outOfOrder = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", "out_of_order");
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Rollup> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long windowLastMillis = SeriesRollup.windowStart(sample.timestampEpochMillis(), windowMillis) + windowMillis - 1;
        if (windowLastMillis <= watermark) {
            late.inc();
            ctx.output(OutputTags.LATE, new LateSample(sample, resolution, watermark));
            return;
        }
        SeriesRollup rollup = rollups.value();
        if (rollup == null) {
            rollup = new SeriesRollup(windowMillis, sample.kind());
            identities.update(new SeriesIdentity(sample.tenant(), sample.labelNames(), sample.labelValues()));
        }
        switch (rollup.add(sample.timestampEpochMillis(), sample.value())) {
            case ADDED -> {
                rollups.update(rollup);
                ctx.timerService().registerEventTimeTimer(windowLastMillis);
            }
            case DUPLICATE_TIMESTAMP -> duplicates.inc();
            case OUT_OF_ORDER -> outOfOrder.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rollup> out) throws Exception {
        SeriesRollup rollup = rollups.value();
        if (rollup == null) {
            return;
        }
        SeriesIdentity identity = identities.value();
        for (WindowAggregate aggregate : rollup.closeUpTo(timestamp + 1)) {
            emitted.inc();
            out.collect(Rollup.ofFloat(identity.tenant(), ctx.getCurrentKey(), identity.labelNames(),
                    identity.labelValues(), resolution, aggregate));
        }
        rollups.update(rollup);
    }
}
