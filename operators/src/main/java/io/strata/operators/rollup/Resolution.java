package io.strata.operators.rollup;

import java.util.Arrays;

/**
 * The rollup resolutions: 1m windows from raw samples, 5m from 1m, 1h from 5m. The label names
 * them everywhere (hot series names, cold partitions, metrics, config keys).
 */
public enum Resolution {
    ONE_MINUTE("1m", 60_000),
    FIVE_MINUTES("5m", 5 * 60_000),
    ONE_HOUR("1h", 60 * 60_000);

    private final String label;
    private final long windowMillis;

    Resolution(String label, long windowMillis) {
        this.label = label;
        this.windowMillis = windowMillis;
    }

    /** How it is written: {@code 1m}, {@code 5m}, {@code 1h}. */
    public String label() {
        return label;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** The resolution labelled {@code label}. */
    public static Resolution of(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resolution " + label + "; there are 1m, 5m and 1h"));
    }

    @Override
    public String toString() {
        return label;
    }
}
