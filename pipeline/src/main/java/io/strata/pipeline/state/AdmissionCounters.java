package io.strata.pipeline.state;

/**
 * Per host or tenant shard: how many series are stored as admitted, and the event time of the
 * last sweep for expired ones. Part of the savepoint contract: do not rename, move, or change
 * field types.
 */
public record AdmissionCounters(int activeSeries, long lastSweepEpochMillis) {

    public static final AdmissionCounters EMPTY = new AdmissionCounters(0, Long.MIN_VALUE);
}
