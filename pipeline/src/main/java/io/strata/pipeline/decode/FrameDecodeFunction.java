package io.strata.pipeline.decode;

import io.strata.pipeline.record.RawFrame;
import io.strata.pipeline.record.SourceRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/** Decodes frames of sources that cannot decode inside the source themselves (the built-in generator). */
public final class FrameDecodeFunction implements FlatMapFunction<RawFrame, SourceRecord>, ResultTypeQueryable<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final RemoteWriteDecoder decoder;

    public FrameDecodeFunction(RemoteWriteDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void flatMap(RawFrame frame, Collector<SourceRecord> out) {
        decoder.decode(frame.payload(), frame.tenant(), frame.origin(), System.currentTimeMillis(), out::collect);
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return SourceRecord.TYPE;
    }
}
