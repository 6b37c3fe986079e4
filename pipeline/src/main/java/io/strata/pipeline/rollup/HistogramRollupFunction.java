package io.strata.pipeline.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.rollup.HistogramSeriesRollup;
import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.NativeHistogramConverter;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.SeriesIdentity;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Rolls native-histogram series up into epoch-aligned event-time windows, keyed by series id,
 * with the window, allowed-lateness and late semantics of {@link RollupFunction}: a window fires
 * when the watermark passes its end, re-emits corrected results for samples within its allowed
 * lateness, and a later sample goes to {@link OutputTags#LATE}, counted in {@code samples_late_total}.
 *
 * <p>Each window's delta histogram merges the reset-aware steps between consecutive cumulative
 * samples (in {@link HistogramSeriesRollup}), so consecutive windows add up exactly. A histogram
 * that cannot be decoded (Prometheus would reject it too) or whose step cannot be computed is
 * skipped and counted in {@code rollup_samples_skipped_total{reason="invalid_histogram"}}, a
 * staleness marker in {@code reason="stale_marker"}; its raw sample is still written.
 */
public final class HistogramRollupFunction extends WindowedRollupFunction<HistogramSeriesRollup, HistogramWindowAggregate> {

    private static final long serialVersionUID = 1L;

    private final int maxBuckets;
    /** Each sample's cumulative histogram, decoded and handed to the rollup, which keeps none of it. */
    private transient ExponentialHistogram scratch;

    /** With {@value ExponentialHistogram#DEFAULT_MAX_BUCKETS} buckets per sign in each window's delta. */
    public HistogramRollupFunction(long windowMillis, String resolution) {
        this(windowMillis, resolution, 0, ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /**
     * @param allowedLatenessMillis as in {@link RollupFunction#RollupFunction(long, String, long)}
     * @param maxBuckets bucket limit per sign of decoded samples and window deltas; wider ones lower their scale
     */
    public HistogramRollupFunction(long windowMillis, String resolution, long allowedLatenessMillis, int maxBuckets) {
        super(windowMillis, resolution, allowedLatenessMillis);
        this.maxBuckets = maxBuckets;
    }

    @Override
    ValueStateDescriptor<HistogramSeriesRollup> rollupState() {
        return SavepointContract.histogramRollup();
    }

    @Override
    HistogramSeriesRollup newRollup(Sample first) {
        return new HistogramSeriesRollup(windowMillis, maxBuckets);
    }

    @Override
    AddOutcome add(HistogramSeriesRollup rollup, Sample sample) {
        if (scratch == null) {
            scratch = ExponentialHistogram.create(maxBuckets);
        }
        NativeHistogramConverter.decodeInto(sample.histogram(), scratch);
        return rollup.add(sample.timestampEpochMillis(), scratch, NativeHistogramConverter.resetHint(sample.histogram()));
    }

    @Override
    String invalidReason() {
        return "invalid_histogram";
    }

    @Override
    Rollup toRollup(SeriesIdentity identity, long seriesId, HistogramWindowAggregate aggregate) {
        return Rollup.ofHistogram(identity.tenant(), seriesId, identity.labelNames(), identity.labelValues(), resolution, aggregate);
    }
}
