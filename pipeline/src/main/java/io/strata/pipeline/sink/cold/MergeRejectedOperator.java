package io.strata.pipeline.sink.cold;

import io.strata.pipeline.record.Rejected;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Merges the rejections between two checkpoints into compact rows ({@link RejectedRowMerger}),
 * after they were counted: later stages reject sample by sample, and a host over its budget would
 * otherwise write a row per sample. Emits its rows before each checkpoint barrier, at the end of
 * input, and whenever {@code maxRows} are open, so it holds no state and a restore replays into
 * the same partitions.
 */
public final class MergeRejectedOperator extends AbstractStreamOperator<Rejected>
        implements OneInputStreamOperator<Rejected, Rejected>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Open rows per subtask at most: 10,000 rows of ≤ 256-character values stay within a few MB of heap. */
    public static final int DEFAULT_MAX_ROWS = 10_000;

    private final int maxRows;
    private transient RejectedRowMerger merger;
    private transient StreamRecord<Rejected> reused;

    public MergeRejectedOperator(int maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    public void open() throws Exception {
        super.open();
        merger = new RejectedRowMerger(maxRows);
        reused = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<Rejected> element) {
        merger.add(element.getValue());
        if (merger.isFull()) {
            flush();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
        flush();
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        merger.drain(row -> output.collect(reused.replace(row)));
    }
}
