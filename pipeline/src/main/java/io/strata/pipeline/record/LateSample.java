package io.strata.pipeline.record;

/** A sample that came after its rollup window had fired, with the watermark it met. */
public record LateSample(Sample sample, String resolution, long watermarkEpochMillis) {}
