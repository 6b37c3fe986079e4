package io.strata.operators.histogram;

/** A native histogram's counter-reset hint, as in remote_write's {@code Histogram.ResetHint}. */
public enum ResetHint {
    /** Nothing is said; resets are detected from the data. */
    UNKNOWN(0),
    /** The producer says the counter was reset since the previous sample. */
    YES(1),
    /** The producer says the counter was not reset since the previous sample. */
    NO(2),
    /** A gauge histogram: it goes up and down, so reset detection does not apply. */
    GAUGE(3);

    private final int wireNumber;

    ResetHint(int wireNumber) {
        this.wireNumber = wireNumber;
    }

    /** Returns the protobuf enum number. */
    public int wireNumber() {
        return wireNumber;
    }

    /** Returns the hint for a protobuf enum number; unknown numbers read as {@link #UNKNOWN}. */
    public static ResetHint ofWireNumber(int number) {
        switch (number) {
            case 1:
                return YES;
            case 2:
                return NO;
            case 3:
                return GAUGE;
            default:
                return UNKNOWN;
        }
    }
}
