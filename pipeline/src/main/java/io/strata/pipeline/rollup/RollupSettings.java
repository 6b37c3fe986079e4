package io.strata.pipeline.rollup;

import java.time.Duration;
import java.util.Objects;

/**
 * Allowed lateness per rollup resolution: how long after a window has fired it still takes data,
 * re-emitting a corrected result each time. The 5m windows are computed from the 1m results and
 * the 1h windows from the 5m results, so a coarser lateness must be at least the finer one: a 1m
 * window corrected at the end of its lateness must still find its 5m window open. A raw sample
 * later than the 1m lateness goes to the late output and reaches no resolution.
 */
public record RollupSettings(Duration allowedLateness1m, Duration allowedLateness5m, Duration allowedLateness1h) {

    public static final Duration DEFAULT_ALLOWED_LATENESS_1M = Duration.ofMinutes(1);
    public static final Duration DEFAULT_ALLOWED_LATENESS_5M = Duration.ofMinutes(5);
    public static final Duration DEFAULT_ALLOWED_LATENESS_1H = Duration.ofMinutes(15);

    public RollupSettings {
        Objects.requireNonNull(allowedLateness1m, "allowedLateness1m");
        Objects.requireNonNull(allowedLateness5m, "allowedLateness5m");
        Objects.requireNonNull(allowedLateness1h, "allowedLateness1h");
        String problem = validate(allowedLateness1m, allowedLateness5m, allowedLateness1h);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public static RollupSettings defaults() {
        return new RollupSettings(DEFAULT_ALLOWED_LATENESS_1M, DEFAULT_ALLOWED_LATENESS_5M, DEFAULT_ALLOWED_LATENESS_1H);
    }

    /** The problem with these latenesses, or null if there is none. */
    public static String validate(Duration lateness1m, Duration lateness5m, Duration lateness1h) {
        if (lateness1m.isNegative() || lateness5m.isNegative() || lateness1h.isNegative()) {
            return "allowed lateness must not be negative, got 1m " + lateness1m + ", 5m " + lateness5m + ", 1h " + lateness1h;
        }
        if (lateness5m.compareTo(lateness1m) < 0 || lateness1h.compareTo(lateness5m) < 0) {
            return "allowed lateness must not shrink from a finer to a coarser resolution (5m is computed from 1m, 1h from 5m), got 1m "
                    + lateness1m + ", 5m " + lateness5m + ", 1h " + lateness1h;
        }
        return null;
    }
}
