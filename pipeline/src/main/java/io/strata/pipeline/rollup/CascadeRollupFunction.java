package io.strata.pipeline.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.RollupMerge;
import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.state.CascadeWindow;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.SeriesIdentity;
import io.strata.pipeline.state.cache.KeyedStateCache;
import io.strata.pipeline.state.cache.StateCachingFunction;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls finer rollups of a series up into coarser epoch-aligned windows (5m from 1m, 1h from 5m),
 * keyed by series id, merging them with {@link RollupMerge} rather than recomputing from raw
 * samples. A window fires when the watermark passes its end and stays open for its allowed
 * lateness, re-emitting its corrected result (the next {@link Rollup#revision()}) for each finer
 * result that reaches it then.
 *
 * <p>A corrected finer result replaces its earlier revision rather than adding to it. Because a
 * series' samples come in order, only its newest finer window can be corrected, so the window
 * keeps the newest finer result apart from the fold of the older ones ({@link CascadeWindow}); the
 * series' labels are kept once, while it has open windows.
 * A finer result that arrives after the coarser window's allowed lateness cannot happen while the
 * coarser lateness is at least the finer one (the config checks this); should it happen it is
 * counted in {@code rollups_late_total}.
 */
public final class CascadeRollupFunction extends KeyedProcessFunction<Long, Rollup, Rollup> implements StateCachingFunction {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final String resolution;
    private final long allowedLatenessMillis;
    private final int maxBuckets;

    private transient KeyedStateCache stateCache;
    private transient MapState<Long, CascadeWindow> windows;
    private transient ValueState<SeriesIdentity> identities;
    private transient Counter emitted;
    private transient Counter corrections;
    private transient Counter late;
    private transient Counter invalid;

    public CascadeRollupFunction(long windowMillis, String resolution, long allowedLatenessMillis) {
        this(windowMillis, resolution, allowedLatenessMillis, ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /** @param maxBuckets bucket limit per sign of merged histogram deltas; wider merges lower their scale */
    public CascadeRollupFunction(long windowMillis, String resolution, long allowedLatenessMillis, int maxBuckets) {
        if (windowMillis <= 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("windowMillis must be > 0 and allowedLatenessMillis >= 0, got "
                    + windowMillis + " and " + allowedLatenessMillis);
        }
        this.windowMillis = windowMillis;
        this.resolution = resolution;
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.maxBuckets = maxBuckets;
    }

    @Override
    public void cacheStateIn(KeyedStateCache cache) {
        this.stateCache = cache;
    }

    @Override
    public void open(Configuration parameters) {
        KeyedStateCache cache = KeyedStateCache.orOff(stateCache);
        // Read per finer result: cached when run by a StateCachingProcessOperator.
        windows = cache.cached(getRuntimeContext().getMapState(SavepointContract.cascadeWindows()));
        identities = cache.cached(getRuntimeContext().getState(SavepointContract.seriesIdentity()));
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_EMITTED, "resolution", resolution);
        corrections = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUP_CORRECTIONS, "resolution", resolution);
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_LATE, "resolution", resolution);
        invalid = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_INVALID, "resolution", resolution);
    }

    @Override
    public void processElement(Rollup finer, Context ctx, Collector<Rollup> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long start = SeriesRollup.windowStart(finer.aggregate().windowStartEpochMillis(), windowMillis);
        long windowLastMillis = start + windowMillis - 1;
        if (windowLastMillis + allowedLatenessMillis <= watermark) {
            late.inc();
            return;
        }
        if (identities.value() == null) {
            identities.update(new SeriesIdentity(finer.tenant(), finer.labelNames(), finer.labelValues()));
        }
        CascadeWindow window;
        // Only the first finer result of a window registers its timers (each registration is a timer-queue lookup).
        boolean opensWindow;
        try {
            CascadeWindow previous = windows.get(start);
            opensWindow = previous == null;
            window = merged(previous, finer);
            if (window == null) {
                late.inc();
                return;
            }
            if (windowLastMillis <= watermark) {
                window = emit(start, window, ctx.getCurrentKey(), out);
            } else if (opensWindow) {
                ctx.timerService().registerEventTimeTimer(windowLastMillis);
            }
        } catch (RuntimeException e) {
            // A finer result that cannot be merged would fail the task on every restore: count it, keep the window as it was.
            invalid.inc();
            if (windows.isEmpty()) {
                identities.clear();
            }
            return;
        }
        windows.put(start, window);
        if (opensWindow) {
            ctx.timerService().registerEventTimeTimer(windowLastMillis + allowedLatenessMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rollup> out) throws Exception {
        for (Iterator<Map.Entry<Long, CascadeWindow>> it = windows.iterator(); it.hasNext(); ) {
            Map.Entry<Long, CascadeWindow> entry = it.next();
            long windowLastMillis = entry.getKey() + windowMillis - 1;
            CascadeWindow window = entry.getValue();
            if (windowLastMillis <= timestamp && window.emissions() == 0) {
                try {
                    window = emit(entry.getKey(), window, ctx.getCurrentKey(), out);
                } catch (RuntimeException e) {
                    invalid.inc();
                    it.remove();
                    continue;
                }
                entry.setValue(window);
            }
            if (windowLastMillis + allowedLatenessMillis <= timestamp) {
                it.remove();
            }
        }
        if (windows.isEmpty()) {
            // Nothing open for this series: drop its state entirely (a heap backend keeps an empty map otherwise).
            windows.clear();
            identities.clear();
        }
    }

    /**
     * The window with {@code finer} added, or null if {@code finer} is older than the window's
     * newest finer result: its series was out of order upstream, which the finer rollup rules out.
     */
    private CascadeWindow merged(CascadeWindow window, Rollup finer) {
        if (window == null) {
            return new CascadeWindow(null, finer.isHistogram() ? null : finer.aggregate(), null, finer.histogram(), 0);
        }
        long latestStart = window.latestStartEpochMillis();
        long finerStart = finer.aggregate().windowStartEpochMillis();
        if (finerStart < latestStart) {
            return null;
        }
        boolean replace = finerStart == latestStart;
        return finer.isHistogram()
                ? new CascadeWindow(null, null,
                        replace ? window.foldedHistogram() : merge(window.foldedHistogram(), window.latestHistogram()),
                        finer.histogram(), window.emissions())
                : new CascadeWindow(replace ? window.folded() : merge(window.folded(), window.latest()),
                        finer.aggregate(), null, null, window.emissions());
    }

    /** Emits the window's current result and returns the window with one more emission. */
    private CascadeWindow emit(long start, CascadeWindow window, long key, Collector<Rollup> out) throws Exception {
        SeriesIdentity identity = identities.value();
        long seriesId = SeriesKey.seriesId(key, identity.tenant());
        long end = start + windowMillis;
        Rollup result = window.latestHistogram() != null
                ? Rollup.ofHistogram(identity.tenant(), seriesId, identity.labelNames(), identity.labelValues(), resolution,
                        RollupMerge.rewindow(merge(window.foldedHistogram(), window.latestHistogram()), start, end))
                : Rollup.ofFloat(identity.tenant(), seriesId, identity.labelNames(), identity.labelValues(), resolution,
                        RollupMerge.rewindow(merge(window.folded(), window.latest()), start, end));
        if (window.emissions() == 0) {
            emitted.inc();
        } else {
            corrections.inc();
        }
        out.collect(result.withRevision(window.emissions()));
        return window.withEmissions(window.emissions() + 1);
    }

    private static WindowAggregate merge(WindowAggregate earlier, WindowAggregate later) {
        return earlier == null ? later : RollupMerge.merge(earlier, later);
    }

    private HistogramWindowAggregate merge(HistogramWindowAggregate earlier, HistogramWindowAggregate later) {
        return earlier == null ? later : RollupMerge.merge(earlier, later, maxBuckets);
    }
}
