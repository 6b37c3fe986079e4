package io.strata.pipeline.sink.remotewrite;

import io.strata.operators.ordering.EventTimeReleaseQueue;
import io.strata.operators.ordering.EventTimeSpread;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.state.SavepointContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Releases raw samples to the hot writer in step: none more than {@code maxDrift} ahead of the
 * job's watermark, the event time every partition or shard has reached. A sample further ahead
 * waits, in timestamp order, until the watermark comes within {@code maxDrift} of it.
 *
 * <p>Why: a remote_write receiver refuses samples older than its newest minus its window
 * (Prometheus: one hour). Watermark alignment pauses a partition that runs ahead only once the
 * source coordinator has announced the group's watermark, and batches already fetched still
 * flow, so at the start of a replay one partition can race an hour ahead of the others. Held
 * here, its samples reach the receiver no further ahead than the slowest partition's plus
 * {@code maxDrift}. Live data, at most the out-of-orderness ahead of the watermark, passes
 * straight through when {@code maxDrift} is at least that.
 *
 * <p>Samples held at a checkpoint are in its state, packed into compressed chunks
 * ({@link HeldSampleChunks}) so that a restore reads them in seconds. At most {@code maxHeld} are
 * held per subtask: beyond that the oldest is released early and counted ({@value #RELEASED_EARLY}),
 * which keeps memory bounded when a source cannot be held back.
 */
public final class ReleaseInStepOperator extends AbstractStreamOperator<Sample> implements OneInputStreamOperator<Sample, Sample> {

    private static final long serialVersionUID = 1L;

    /** Samples held per subtask at most, by default: ~100 B each, with their label arrays shared per series. */
    public static final int DEFAULT_MAX_HELD = 500_000;
    /** Samples released before the watermark reached them because {@code maxHeld} were held. */
    public static final String RELEASED_EARLY = "hot_released_early_total";
    /** Samples held right now. */
    public static final String HELD = "hot_held_samples";
    /** How far the samples released hot lie behind the newest released before them, over the last minute or two. */
    public static final String SPREAD = "source_event_time_spread_seconds";
    /** {@link #SPREAD} at its largest since the subtask started. */
    public static final String SPREAD_MAX = "source_event_time_spread_max_seconds";

    private static final long SPREAD_PERIOD_MILLIS = 60_000;

    private final long maxDriftMillis;
    private final int maxHeld;
    private transient EventTimeReleaseQueue<Sample> held;
    private transient EventTimeSpread spread;
    private transient ListState<byte[]> heldChunks;
    private transient TypeSerializer<Sample> samples;
    private transient StreamRecord<Sample> reused;
    private transient Counter releasedEarly;
    private transient long limit;

    public ReleaseInStepOperator(Duration maxDrift, int maxHeld) {
        if (maxDrift.isNegative()) {
            throw new IllegalArgumentException("max drift must not be negative, got " + maxDrift);
        }
        if (maxHeld <= 0) {
            throw new IllegalArgumentException("max held samples must be positive, got " + maxHeld);
        }
        this.maxDriftMillis = maxDrift.toMillis();
        this.maxHeld = maxHeld;
        // Chained to the tenant limits before it: a task of its own would serialize every accepted sample once more.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        held = new EventTimeReleaseQueue<>();
        samples = TypeInformation.of(Sample.class).createSerializer(getExecutionConfig().getSerializerConfig());
        heldChunks = context.getOperatorStateStore().getListState(SavepointContract.heldSampleChunks());
        HeldSampleChunks.unpack(heldChunks.get(), samples, this::hold);
        // A savepoint of Strata before 0.2.0 holds them one by one.
        ListState<Sample> heldOneByOne = context.getOperatorStateStore().getListState(SavepointContract.heldSamples());
        heldOneByOne.get().forEach(this::hold);
        heldOneByOne.clear();
    }

    @Override
    public void open() throws Exception {
        super.open();
        spread = new EventTimeSpread(SPREAD_PERIOD_MILLIS);
        reused = new StreamRecord<>(null);
        limit = limitFor(Long.MIN_VALUE);
        MetricGroup group = getMetricGroup().addGroup(Accounting.GROUP);
        releasedEarly = group.counter(RELEASED_EARLY);
        group.gauge(HELD, () -> held.size());
        group.gauge(SPREAD, () -> seconds(spread.recentMillis()));
        group.gauge(SPREAD_MAX, () -> seconds(spread.largestMillis()));
    }

    @Override
    public void processElement(StreamRecord<Sample> element) {
        Sample sample = element.getValue();
        long timestamp = sample.timestampEpochMillis();
        if (timestamp <= limit) {
            spread.record(timestamp);
            output.collect(element);
            return;
        }
        hold(sample);
        if (held.size() > maxHeld) {
            releasedEarly.inc();
            release(held.removeOldest());
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        limit = limitFor(mark.getTimestamp());
        held.releaseUpTo(limit, this::release);
        spread.rollPeriod(getProcessingTimeService().getCurrentProcessingTime());
        super.processWatermark(mark);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<Sample> holding = new ArrayList<>(held.size());
        held.forEach(holding::add);
        heldChunks.update(HeldSampleChunks.pack(holding, samples));
    }

    private void hold(Sample sample) {
        held.add(sample.timestampEpochMillis(), sample);
    }

    private void release(Sample sample) {
        spread.record(sample.timestampEpochMillis());
        output.collect(reused.replace(sample, sample.timestampEpochMillis()));
    }

    /** Up to where samples leave at {@code watermark}: {@code watermark + maxDrift}, saturating. */
    private long limitFor(long watermark) {
        return watermark > Long.MAX_VALUE - maxDriftMillis ? Long.MAX_VALUE : watermark + maxDriftMillis;
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
