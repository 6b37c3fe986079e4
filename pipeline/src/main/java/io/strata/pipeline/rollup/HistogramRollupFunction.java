package io.strata.pipeline.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.rollup.HistogramSeriesRollup;
import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.SeriesRollup;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.histogram.NativeHistogramConverter;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.HistogramSeriesRollupSerializer;
import io.strata.pipeline.state.SeriesIdentity;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls native-histogram series up into epoch-aligned event-time windows, keyed by series id,
 * with the window and late semantics of {@link RollupFunction}: a window fires when the watermark
 * passes its end; a sample whose window has already fired goes to {@link OutputTags#LATE} and is
 * counted in {@code samples_late_total}.
 *
 * <p>Each window's delta histogram merges the reset-aware steps between consecutive cumulative
 * samples (in {@link HistogramSeriesRollup}), so consecutive windows add up exactly. A histogram
 * that cannot be decoded (Prometheus would reject it too) is skipped and counted in {@code
 * rollup_samples_skipped_total{reason="invalid_histogram"}}; its raw sample is still written.
 */
public final class HistogramRollupFunction extends KeyedProcessFunction<Long, Sample, Rollup> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final String resolution;
    private final int maxBuckets;

    private transient ValueState<HistogramSeriesRollup> rollups;
    private transient ValueState<SeriesIdentity> identities;
    private transient Counter emitted;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter outOfOrder;
    private transient Counter invalid;

    /** With {@value ExponentialHistogram#DEFAULT_MAX_BUCKETS} buckets per sign in each window's delta. */
    public HistogramRollupFunction(long windowMillis, String resolution) {
        this(windowMillis, resolution, ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /** @param maxBuckets bucket limit per sign of decoded samples and window deltas; wider ones lower their scale */
    public HistogramRollupFunction(long windowMillis, String resolution, int maxBuckets) {
        this.windowMillis = windowMillis;
        this.resolution = resolution;
        this.maxBuckets = maxBuckets;
    }

    @Override
    public void open(Configuration parameters) {
        rollups = getRuntimeContext().getState(
                new ValueStateDescriptor<>("histogram-rollup", HistogramSeriesRollupSerializer.INSTANCE));
        identities = getRuntimeContext().getState(
                new ValueStateDescriptor<>("identity", TypeInformation.of(SeriesIdentity.class)));
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_EMITTED, "resolution", resolution);
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_LATE, "resolution", resolution);
        duplicates = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", "duplicate_timestamp");
        outOfOrder = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", "out_of_order");
        invalid = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", "invalid_histogram");
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
        ExponentialHistogram cumulative;
        try {
            cumulative = NativeHistogramConverter.toExponential(sample.histogram(), maxBuckets);
        } catch (IllegalArgumentException e) {
            invalid.inc();
            return;
        }
        HistogramSeriesRollup rollup = rollups.value();
        if (rollup == null) {
            rollup = new HistogramSeriesRollup(windowMillis, maxBuckets);
            identities.update(new SeriesIdentity(sample.tenant(), sample.labelNames(), sample.labelValues()));
        }
        switch (rollup.add(sample.timestampEpochMillis(), cumulative, NativeHistogramConverter.resetHint(sample.histogram()))) {
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
        HistogramSeriesRollup rollup = rollups.value();
        if (rollup == null) {
            return;
        }
        SeriesIdentity identity = identities.value();
        for (HistogramWindowAggregate aggregate : rollup.closeUpTo(timestamp + 1)) {
            emitted.inc();
            out.collect(Rollup.ofHistogram(identity.tenant(), ctx.getCurrentKey(), identity.labelNames(),
                    identity.labelValues(), resolution, aggregate));
        }
        rollups.update(rollup);
    }
}
