package io.strata.pipeline.rollup;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.RollupMerge;
import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.rollup.WindowAggregate;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.state.CascadeWindow;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
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
 * keeps the newest finer result apart from the fold of the older ones ({@link CascadeWindow}).
 * A finer result that arrives after the coarser window's allowed lateness cannot happen while the
 * coarser lateness is at least the finer one (the config checks this); should it happen it is
 * counted in {@code rollups_late_total}.
 */
public final class CascadeRollupFunction extends KeyedProcessFunction<Long, Rollup, Rollup> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final String resolution;
    private final long allowedLatenessMillis;
    private final int maxBuckets;

    private transient MapState<Long, CascadeWindow> windows;
    private transient Counter emitted;
    private transient Counter corrections;
    private transient Counter late;

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
    public void open(Configuration parameters) {
        windows = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("cascade-windows", Types.LONG, TypeInformation.of(CascadeWindow.class)));
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_EMITTED, "resolution", resolution);
        corrections = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUP_CORRECTIONS, "resolution", resolution);
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_LATE, "resolution", resolution);
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
        CascadeWindow window = windows.get(start);
        if (window == null) {
            window = new CascadeWindow(null, finer, 0);
        } else {
            long latestStart = window.latest().aggregate().windowStartEpochMillis();
            long finerStart = finer.aggregate().windowStartEpochMillis();
            if (finerStart == latestStart) {
                window = new CascadeWindow(window.folded(), finer, window.emissions());
            } else if (finerStart > latestStart) {
                window = new CascadeWindow(merge(window.folded(), window.latest()), finer, window.emissions());
            } else {
                // Older than the newest finer window: its series was out of order upstream, which the finer rollup rules out.
                late.inc();
                return;
            }
        }
        if (windowLastMillis <= watermark) {
            window = emit(start, window, out);
        } else {
            ctx.timerService().registerEventTimeTimer(windowLastMillis);
        }
        windows.put(start, window);
        ctx.timerService().registerEventTimeTimer(windowLastMillis + allowedLatenessMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rollup> out) throws Exception {
        for (Iterator<Map.Entry<Long, CascadeWindow>> it = windows.iterator(); it.hasNext(); ) {
            Map.Entry<Long, CascadeWindow> entry = it.next();
            long windowLastMillis = entry.getKey() + windowMillis - 1;
            CascadeWindow window = entry.getValue();
            if (windowLastMillis <= timestamp && window.emissions() == 0) {
                window = emit(entry.getKey(), window, out);
                entry.setValue(window);
            }
            if (windowLastMillis + allowedLatenessMillis <= timestamp) {
                it.remove();
            }
        }
    }

    /** Emits the window's current result and returns the window with one more emission. */
    private CascadeWindow emit(long start, CascadeWindow window, Collector<Rollup> out) {
        Rollup all = merge(window.folded(), window.latest());
        Rollup result;
        if (all.isHistogram()) {
            result = Rollup.ofHistogram(all.tenant(), all.seriesId(), all.labelNames(), all.labelValues(), resolution,
                    RollupMerge.rewindow(all.histogram(), start, start + windowMillis));
        } else {
            result = Rollup.ofFloat(all.tenant(), all.seriesId(), all.labelNames(), all.labelValues(), resolution,
                    RollupMerge.rewindow(all.aggregate(), start, start + windowMillis));
        }
        if (window.emissions() == 0) {
            emitted.inc();
        } else {
            corrections.inc();
        }
        out.collect(result.withRevision(window.emissions()));
        return new CascadeWindow(window.folded(), window.latest(), window.emissions() + 1);
    }

    private Rollup merge(Rollup earlier, Rollup later) {
        if (earlier == null) {
            return later;
        }
        if (later.isHistogram()) {
            HistogramWindowAggregate merged = RollupMerge.merge(earlier.histogram(), later.histogram(), maxBuckets);
            return Rollup.ofHistogram(later.tenant(), later.seriesId(), later.labelNames(), later.labelValues(),
                    later.resolution(), merged);
        }
        WindowAggregate merged = RollupMerge.merge(earlier.aggregate(), later.aggregate());
        return Rollup.ofFloat(later.tenant(), later.seriesId(), later.labelNames(), later.labelValues(), later.resolution(), merged);
    }
}
