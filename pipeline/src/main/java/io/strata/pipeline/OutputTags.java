package io.strata.pipeline;

import io.strata.pipeline.record.LateSample;
import io.strata.pipeline.record.Rejected;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** The side outputs of the pipeline, one per category of data that is not forwarded. */
public final class OutputTags {

    /** Frames and samples rejected by decoding or policy; their reason labels the counter. */
    public static final OutputTag<Rejected> REJECTED =
            new OutputTag<>("rejected", TypeInformation.of(Rejected.class));

    /** Samples that came after their rollup window had fired. */
    public static final OutputTag<LateSample> LATE =
            new OutputTag<>("late", TypeInformation.of(LateSample.class));

    private OutputTags() {}
}
