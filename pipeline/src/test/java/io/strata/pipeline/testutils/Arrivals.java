package io.strata.pipeline.testutils;

import io.strata.pipeline.record.Sample;

/** Samples as a source hands them on: received at a time of their own, not at their timestamp. */
public final class Arrivals {

    private Arrivals() {}

    /** {@code sample}, received by Strata at {@code arrivalEpochMillis}. */
    public static Sample arrivedAt(Sample sample, long arrivalEpochMillis) {
        return new Sample(sample.tenant(), sample.seriesId(), sample.labelNames(), sample.labelValues(), sample.kind(),
                sample.timestampEpochMillis(), sample.value(), sample.histogram(), arrivalEpochMillis);
    }
}
