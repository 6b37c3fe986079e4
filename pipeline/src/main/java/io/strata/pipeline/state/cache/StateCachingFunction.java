package io.strata.pipeline.state.cache;

/**
 * A keyed function that reads its hottest value states through a {@link KeyedStateCache} when
 * run by a {@link StateCachingProcessOperator}, and uses them directly otherwise.
 */
public interface StateCachingFunction {

    /** Called by the operator before the function is opened. */
    void cacheStateIn(KeyedStateCache cache);
}
