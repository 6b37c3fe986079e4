package io.strata.pipeline.rollup;

import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.rollup.WindowResult;
import io.strata.operators.rollup.WindowedSeriesRollup;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rollup;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SeriesKey;
import io.strata.pipeline.state.SavepointContract;
import io.strata.pipeline.state.SeriesIdentity;
import io.strata.pipeline.state.cache.KeyedStateCache;
import io.strata.pipeline.state.cache.StateCachingFunction;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rolls raw samples of one series (keyed by series id) up into epoch-aligned event-time windows.
 * A window fires when the watermark passes its end and stays open for its allowed lateness: a
 * sample that reaches it then re-emits the window's corrected result as the next
 * {@link Rollup#revision()}; a sample later than that goes to {@link OutputTags#LATE} and is
 * counted in {@code samples_late_total}, never silently dropped. What a window holds is up to the
 * subclass: {@link RollupFunction} for floats, {@link HistogramRollupFunction} for native
 * histograms. State names are part of the savepoint contract.
 *
 * @param <S> the per-series rollup kept in state
 * @param <A> the result of one window
 */
public abstract class WindowedRollupFunction<S extends WindowedSeriesRollup<A>, A extends WindowResult>
        extends KeyedProcessFunction<Long, Sample, Rollup> implements StateCachingFunction {

    private static final long serialVersionUID = 1L;

    final long windowMillis;
    final String resolution;
    private final long allowedLatenessMillis;
    private long seriesTtlMillis;
    private transient KeyedStateCache stateCache;

    private transient ValueState<S> rollups;
    private transient ValueState<SeriesIdentity> identities;
    /** Windows that have fired and are kept for corrections: window start → results emitted so far. */
    private transient MapState<Long, Integer> emissions;
    private transient Counter corrections;
    private transient Counter emitted;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter outOfOrder;
    private transient Counter staleMarkers;
    private transient Counter invalid;

    /**
     * @param allowedLatenessMillis how long after a window has fired it still takes samples, each
     *     re-emitting its corrected result; later samples go to the late output
     */
    WindowedRollupFunction(long windowMillis, String resolution, long allowedLatenessMillis) {
        if (allowedLatenessMillis < 0) {
            throw new IllegalArgumentException("allowedLatenessMillis must be >= 0, got " + allowedLatenessMillis);
        }
        this.windowMillis = windowMillis;
        this.resolution = resolution;
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    /** The rollup state's descriptor, from the {@link SavepointContract}. */
    abstract ValueStateDescriptor<S> rollupState();

    /** A new rollup for the first sample of a series. */
    abstract S newRollup(Sample first);

    /**
     * Adds a sample; throws a RuntimeException for one that cannot be rolled up (counted as
     * {@link #invalidReason()}), before changing {@code rollup} where it can.
     */
    abstract AddOutcome add(S rollup, Sample sample);

    /** The {@code rollup_samples_skipped_total} reason of a sample {@link #add} threw on. */
    abstract String invalidReason();

    abstract Rollup toRollup(SeriesIdentity identity, long seriesId, A aggregate);

    /**
     * Forget a series whose newest sample is {@code ttl} older than the watermark and which has no
     * open window; by default a series' state is kept forever.
     */
    public WindowedRollupFunction<S, A> withSeriesTtl(Duration ttl) {
        this.seriesTtlMillis = ttl.toMillis();
        return this;
    }

    @Override
    public void cacheStateIn(KeyedStateCache cache) {
        this.stateCache = cache;
    }

    @Override
    public void open(Configuration parameters) throws Exception {
        KeyedStateCache cache = KeyedStateCache.orOff(stateCache);
        // Read and written per sample or window: cached (write-back) when run by a StateCachingProcessOperator.
        rollups = cache.cached(getRuntimeContext().getState(rollupState()));
        identities = cache.cached(getRuntimeContext().getState(SavepointContract.seriesIdentity()));
        emissions = cache.cached(getRuntimeContext().getMapState(SavepointContract.emissions()));
        corrections = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUP_CORRECTIONS, "resolution", resolution);
        emitted = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.ROLLUPS_EMITTED, "resolution", resolution);
        late = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_LATE, "resolution", resolution);
        duplicates = skipped("duplicate_timestamp");
        outOfOrder = skipped("out_of_order");
        staleMarkers = skipped("stale_marker");
        invalid = skipped(invalidReason());
    }

    /** A {@code rollup_samples_skipped_total{reason}} counter. */
    Counter skipped(String reason) {
        return Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "reason", reason);
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Rollup> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long windowLastMillis = SeriesRollup.windowStart(sample.timestampEpochMillis(), windowMillis) + windowMillis - 1;
        if (windowLastMillis + allowedLatenessMillis <= watermark) {
            late.inc();
            ctx.output(OutputTags.LATE, new LateSample(sample, resolution, watermark));
            return;
        }
        S rollup = rollups.value();
        boolean first = rollup == null;
        if (first) {
            rollup = newRollup(sample);
        }
        // The sample that opens a window registers its timers; the window's later samples need not
        // (registering again is a timer-queue lookup per sample, a RocksDB read on that backend).
        boolean opensWindow = first || !rollup.hasWindowAt(sample.timestampEpochMillis());
        AddOutcome outcome;
        try {
            outcome = add(rollup, sample);
        } catch (RuntimeException e) {
            // Bad data (its raw sample still went to the hot output) must not fail the task: on
            // restore the same record would fail it again. Nothing is written back to state.
            invalid.inc();
            return;
        }
        switch (outcome) {
            case ADDED -> {
                if (first) {
                    identities.update(new SeriesIdentity(sample.tenant(), sample.labelNames(), sample.labelValues()));
                }
                rollups.update(rollup);
                if (windowLastMillis <= watermark) {
                    // The window has fired (or is due): emit its result now, a correction if it was emitted before.
                    emit(rollup.aggregateAt(sample.timestampEpochMillis()), ctx.getCurrentKey(), identities.value(), out);
                } else if (opensWindow) {
                    ctx.timerService().registerEventTimeTimer(windowLastMillis);
                }
                if (opensWindow) {
                    ctx.timerService().registerEventTimeTimer(windowLastMillis + allowedLatenessMillis);
                }
            }
            case DUPLICATE_TIMESTAMP -> duplicates.inc();
            case OUT_OF_ORDER -> outOfOrder.inc();
            case STALE_MARKER -> staleMarkers.inc();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Rollup> out) throws Exception {
        S rollup = rollups.value();
        if (rollup == null) {
            return;
        }
        SeriesIdentity identity = identities.value();
        List<A> due;
        try {
            due = rollup.aggregatesUpTo(timestamp + 1);
            for (A aggregate : due) {
                if (!emissions.contains(aggregate.windowStartEpochMillis())) {
                    emit(aggregate, ctx.getCurrentKey(), identity, out);
                }
            }
        } catch (RuntimeException e) {
            // State that cannot be aggregated would fail every timer and every restore: forget the series.
            invalid.inc();
            rollups.clear();
            identities.clear();
            emissions.clear();
            return;
        }
        // Windows whose allowed lateness has passed: [start, end) with end - 1 + lateness <= watermark.
        // They are among the due ones, and only they can have emissions to forget: removing those
        // keys one by one costs no scan of the map (an iterator is a seek on RocksDB), and the
        // heap backend drops a series' map once it is empty.
        long purgeEnd = timestamp + 1 - allowedLatenessMillis;
        rollup.purgeUpTo(purgeEnd);
        for (A aggregate : due) {
            if (aggregate.windowStartEpochMillis() + windowMillis <= purgeEnd) {
                emissions.remove(aggregate.windowStartEpochMillis());
            }
        }
        if (seriesTtlMillis > 0 && !rollup.hasOpenWindows()) {
            // A series silent for its TTL (event time) is forgotten, so state does not grow with
            // series churn; a sample after that starts it afresh, like a new series.
            long expiry = rollup.lastTimestampEpochMillis() + seriesTtlMillis;
            if (timestamp >= expiry) {
                rollups.clear();
                identities.clear();
                emissions.clear();
                return;
            }
            ctx.timerService().registerEventTimeTimer(expiry);
        }
        rollups.update(rollup);
    }

    /** Emits a window's result: revision 0 the first time, then one more for each correction. */
    private void emit(A aggregate, long key, SeriesIdentity identity, Collector<Rollup> out) throws Exception {
        long seriesId = SeriesKey.seriesId(key, identity.tenant());
        Integer previous = emissions.get(aggregate.windowStartEpochMillis());
        int revision = previous == null ? 0 : previous;
        emissions.put(aggregate.windowStartEpochMillis(), revision + 1);
        if (revision == 0) {
            emitted.inc();
        } else {
            corrections.inc();
        }
        out.collect(toRollup(identity, seriesId, aggregate).withRevision(revision));
    }
}
