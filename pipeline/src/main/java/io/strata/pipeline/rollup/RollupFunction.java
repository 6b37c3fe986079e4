package io.strata.pipeline.rollup;

import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.SeriesIdentity;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Rolls float series up into epoch-aligned event-time windows, keyed by series id, with the
 * lateness and corrections of {@link WindowedRollupFunction}. Counters keep their last raw value
 * across windows (in {@link SeriesRollup}), so the increases of consecutive windows add up
 * exactly.
 */
public final class RollupFunction extends WindowedRollupFunction<SeriesRollup, WindowAggregate> {

    private static final long serialVersionUID = 1L;

    public RollupFunction(long windowMillis, String resolution) {
        this(windowMillis, resolution, 0);
    }

    /**
     * @param allowedLatenessMillis how long after a window has fired it still takes samples, each
     *     re-emitting its corrected result; later samples go to the late output
     */
    public RollupFunction(long windowMillis, String resolution, long allowedLatenessMillis) {
        super(windowMillis, resolution, allowedLatenessMillis);
    }

    @Override
    ValueStateDescriptor<SeriesRollup> rollupState() {
        return SavepointContract.floatRollup();
    }

    @Override
    SeriesRollup newRollup(Sample first) {
        return new SeriesRollup(windowMillis, first.kind());
    }

    @Override
    AddOutcome add(SeriesRollup rollup, Sample sample) {
        return rollup.add(sample.timestampEpochMillis(), sample.value());
    }

    @Override
    String invalidReason() {
        return "invalid_sample";
    }

    @Override
    Rollup toRollup(SeriesIdentity identity, long seriesId, WindowAggregate aggregate) {
        return Rollup.ofFloat(identity.tenant(), seriesId, identity.labelNames(), identity.labelValues(), resolution, aggregate);
    }
}
