package io.strata.operators.policy;

/**
 * Weight-based throttling of tenants under overload: a tenant of priority {@code p} keeps
 * {@code p / highestPriority} of its samples, evenly spread (a deterministic credit counter, not
 * a coin); tenants at the highest priority keep all. Not thread-safe; one per operator instance.
 */
public final class PriorityShedder {

    /** In units of 1/highestPriority of a sample, so the fraction kept is exact. */
    private long credit;

    /** Whether to keep the next sample of a tenant of {@code priority} while overloaded. */
    public boolean keep(int priority, int highestPriority) {
        if (priority >= highestPriority) {
            return true;
        }
        credit += Math.max(0, priority);
        if (credit >= highestPriority) {
            credit -= highestPriority;
            return true;
        }
        return false;
    }
}
