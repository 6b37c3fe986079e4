package io.strata.pipeline.decode;

import io.strata.pipeline.OutputTags;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.record.SourceRecord;
import io.strata.pipeline.record.Sample;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits what a source decoded: samples go on, rejections go to {@link OutputTags#REJECTED}. */
public final class SplitDecodedFunction extends ProcessFunction<SourceRecord, Sample> {

    private transient Counter decoded;

    @Override
    public void open(Configuration parameters) {
        decoded = Accounting.counter(getRuntimeContext().getMetricGroup(), Accounting.SAMPLES_DECODED);
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<Sample> out) {
        if (record.sample() != null) {
            decoded.inc();
            out.collect(record.sample());
        } else {
            ctx.output(OutputTags.REJECTED, record.rejected());
        }
    }
}
