package io.strata.operators.series;

/**
 * Prometheus' staleness marker: a float sample, or a native histogram's sum, holding the one NaN
 * bit pattern {@code 0x7ff0000000000002} ({@code value.StaleNaN}). It says the series ended; it
 * is neither a value nor a counter reset, so rollups and rules skip it.
 */
public final class StaleMarker {

    /** Raw bits of Prometheus' {@code StaleNaN}; any other NaN is an ordinary (invalid) value. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    private StaleMarker() {}

    /** Whether {@code value} is the staleness marker, compared by raw bits as Prometheus' {@code IsStaleNaN}. */
    public static boolean isStaleMarker(double value) {
        return Double.doubleToRawLongBits(value) == STALE_NAN_BITS;
    }
}
