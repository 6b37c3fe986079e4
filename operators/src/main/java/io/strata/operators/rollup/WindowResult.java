package io.strata.operators.rollup;

/** The result of one series over one epoch-aligned window. */
public interface WindowResult {

    long windowStartEpochMillis();
}
