package io.strata.pipeline.state;

/**
 * What a keyed operator remembers of a series to name its outputs: tenant and labels. Part of
 * the savepoint contract: do not rename, move, or change field types.
 */
public record SeriesIdentity(String tenant, String[] labelNames, String[] labelValues) {}
