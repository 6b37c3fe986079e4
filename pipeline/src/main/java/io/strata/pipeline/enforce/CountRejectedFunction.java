package io.strata.pipeline.enforce;

import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.metrics.ReasonCounters;
import io.strata.pipeline.record.Rejected;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;

/**
 * The one place where rejections are counted, by reason: every {@link Rejected} of every stage
 * passes here on its way to the rejected dataset.
 */
public final class CountRejectedFunction extends RichMapFunction<Rejected, Rejected> {

    private static final long serialVersionUID = 1L;

    private transient ReasonCounters samples;
    private transient ReasonCounters frames;

    @Override
    public void open(Configuration parameters) {
        samples = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_REJECTED, false);
        frames = new ReasonCounters(getRuntimeContext().getMetricGroup(), Accounting.FRAMES_REJECTED, true);
    }

    @Override
    public Rejected map(Rejected rejected) {
        if (rejected.reason().isFrameLevel()) {
            frames.inc(rejected.reason(), 1);
        } else {
            samples.inc(rejected.reason(), rejected.samples());
        }
        return rejected;
    }
}
