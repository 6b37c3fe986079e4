package io.strata.pipeline.enforce;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.policy.SeriesAdmission;
import io.strata.pipeline.OutputTags;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Holds each host to its active-series budget (keyed by {@link EnforcementKeys#host}): series
 * admitted keep flowing; new series beyond the cap go to {@link OutputTags#REJECTED} as
 * {@code host_series_limit} until others expire.
 */
public final class HostSeriesLimitFunction extends KeyedProcessFunction<Long, Sample, Sample> {

    private static final long serialVersionUID = 1L;

    private final EnforcementSettings settings;
    private transient SeriesAdmission admission;
    private transient SeriesAdmissionState series;

    public HostSeriesLimitFunction(EnforcementSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(Configuration parameters) {
        admission = new SeriesAdmission(settings.maxSeriesPerHost(), settings.seriesTtl());
        series = new SeriesAdmissionState(getRuntimeContext(), "host-series");
    }

    @Override
    public void processElement(Sample sample, Context ctx, Collector<Sample> out) throws Exception {
        if (series.admit(sample.seriesId(), sample.timestampEpochMillis(), admission)) {
            out.collect(sample);
        } else {
            ctx.output(OutputTags.REJECTED, Rejected.ofSample(sample, RejectReason.HOST_SERIES_LIMIT,
                    "host over " + settings.maxSeriesPerHost() + " active series"));
        }
    }
}
