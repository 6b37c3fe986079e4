package io.strata.operators.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A float series in promtool's {@code values:} notation (space-separated values, {@code _} for a
 * missing sample, the first at time 0, one every {@code interval}), so that the test vectors here
 * are the very input promtool 2.42 evaluated.
 */
record PromtoolSeries(long[] timestamps, double[] values) {

    static PromtoolSeries of(long intervalMillis, String notation) {
        List<Long> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        String[] tokens = notation.trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals("_")) {
                ts.add(i * intervalMillis);
                vs.add(Double.parseDouble(tokens[i]));
            }
        }
        return new PromtoolSeries(ts.stream().mapToLong(Long::longValue).toArray(),
                vs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The index of the first sample at or after {@code from}. */
    int lowerIndex(long from) {
        int i = 0;
        while (i < timestamps.length && timestamps[i] < from) {
            i++;
        }
        return i;
    }

    /** The index after the last sample at or before {@code to}. */
    int upperIndex(long to) {
        int i = 0;
        while (i < timestamps.length && timestamps[i] <= to) {
            i++;
        }
        return i;
    }

    /** The value of a range function at {@code t} as the rule evaluators compute it, or null for no result. */
    Double evaluate(RangeFunction f, long t, long range) {
        int from = lowerIndex(t - range);
        int to = upperIndex(t);
        if (to - from < f.minSamples()) {
            return null;
        }
        if (f.isCounterFunction()) {
            return RangeEvaluation.extrapolatedRate(timestamps, values, from, to, t, range, f == RangeFunction.RATE);
        }
        return RangeEvaluation.overTime(f, values, from, to);
    }
}
