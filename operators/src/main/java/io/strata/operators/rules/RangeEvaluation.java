package io.strata.operators.rules;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramDelta;
import io.strata.operators.histogram.ResetHint;

/**
 * The range-vector functions of the rule subset, as Prometheus 2.42 evaluates them on the samples
 * a range selector picks at time {@code t}: those with {@code t - range <= timestamp <= t} (2.42
 * closes the range at both ends; 3.0 made the start exclusive).
 *
 * <p>Sources, Prometheus v2.42.0 {@code promql/functions.go}: {@code extrapolatedRate} (rate and
 * increase: counter resets corrected, extrapolation to the range boundaries when the first or
 * last sample is closer to them than 1.1 average intervals, else by half an average interval,
 * never below a counter's zero point), {@code histogramRate} (native histograms: last minus first
 * at the smallest schema, plus every histogram before a reset), {@code funcMinOverTime}, {@code
 * funcMaxOverTime}, {@code funcSumOverTime} and {@code funcAvgOverTime} (Kahan-compensated, as
 * 2.42's {@code kahanSumInc}), {@code funcCountOverTime}, {@code funcLastOverTime}. Only a later
 * version of that file was at hand to read (its {@code extrapolatedRate} logic is unchanged in
 * these respects), so every behaviour here was confirmed against the Prometheus 2.42.0 binary:
 * promtool vectors ({@code RangeEvaluationTest}, {@code RuleVectorsTest}) and its query API over
 * remote-written native histograms ({@code NativeHistogramOracleTest}).
 *
 * <p>Timestamps are sorted epoch milliseconds; each method reads {@code [from, to)} of its arrays.
 */
public final class RangeEvaluation {

    private RangeEvaluation() {}

    /**
     * {@code rate} or {@code increase} of float counter samples at {@code t}; guarded by caller:
     * at least two samples, all in {@code [t - range, t]}.
     */
    public static double extrapolatedRate(long[] timestamps, double[] values, int from, int to, long t, long rangeMillis,
            boolean isRate) {
        double first = values[from];
        double result = values[to - 1] - first;
        double previous = first;
        for (int i = from + 1; i < to; i++) {
            double current = values[i];
            if (current < previous) {
                result += previous;
            }
            previous = current;
        }
        return result * factor(timestamps[from], timestamps[to - 1], to - from, t, rangeMillis, isRate,
                result > 0 && first >= 0 ? first / result : Double.NaN);
    }

    /**
     * {@code rate} or {@code increase} of native-histogram samples at {@code t}: a new histogram,
     * or null when Prometheus would give no result. Guarded by caller: at least two samples, all in
     * {@code [t - range, t]}.
     */
    public static ExponentialHistogram histogramRate(long[] timestamps, ExponentialHistogram[] histograms, int from, int to,
            long t, long rangeMillis, boolean isRate) {
        ExponentialHistogram result = null;
        ExponentialHistogram delta = null;
        for (int i = from + 1; i < to; i++) {
            ExponentialHistogram current = histograms[i];
            if (delta == null || delta.maxBuckets() < current.maxBuckets()) {
                delta = ExponentialHistogram.create(current.maxBuckets());
            }
            // 2.42 reads resets from the data; the sum of these deltas is last - first + every
            // histogram before a reset, which is histogramRate's result.
            HistogramDelta.delta(current, histograms[i - 1], ResetHint.UNKNOWN, delta);
            if (result == null) {
                result = delta.copy();
            } else {
                result.merge(delta);
            }
        }
        // Histograms have no zero-point clamp: 2.42 applies it to the float result only, 0 here.
        result.multiply(factor(timestamps[from], timestamps[to - 1], to - from, t, rangeMillis, isRate, Double.NaN));
        return result;
    }

    /**
     * The extrapolation factor of {@code extrapolatedRate}.
     *
     * @param zeroPointFraction for a counter that went up, its first value over the increase
     *     (where the zero point lies, as a fraction of the sampled interval before the first
     *     sample), else NaN
     */
    private static double factor(long firstTs, long lastTs, int samples, long t, long rangeMillis, boolean isRate,
            double zeroPointFraction) {
        double durationToStart = (firstTs - (t - rangeMillis)) / 1000.0;
        double durationToEnd = (t - lastTs) / 1000.0;
        double sampledInterval = (lastTs - firstTs) / 1000.0;
        double averageDurationBetweenSamples = sampledInterval / (samples - 1);
        if (!Double.isNaN(zeroPointFraction)) {
            double durationToZero = sampledInterval * zeroPointFraction;
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        double extrapolateToInterval = sampledInterval;
        extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
        extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
        double factor = extrapolateToInterval / sampledInterval;
        if (isRate) {
            factor /= rangeMillis / 1000.0;
        }
        return factor;
    }

    /** A {@code *_over_time} function of float samples; guarded by caller: at least one sample. */
    public static double overTime(RangeFunction function, double[] values, int from, int to) {
        switch (function) {
            case MIN_OVER_TIME: {
                double min = values[from];
                for (int i = from; i < to; i++) {
                    if (values[i] < min || Double.isNaN(min)) {
                        min = values[i];
                    }
                }
                return min;
            }
            case MAX_OVER_TIME: {
                double max = values[from];
                for (int i = from; i < to; i++) {
                    if (values[i] > max || Double.isNaN(max)) {
                        max = values[i];
                    }
                }
                return max;
            }
            case SUM_OVER_TIME: {
                KahanSum sum = new KahanSum();
                for (int i = from; i < to; i++) {
                    sum.add(values[i]);
                }
                return sum.value();
            }
            case AVG_OVER_TIME:
                return kahanMean(values, from, to);
            case COUNT_OVER_TIME:
                return to - from;
            case LAST_OVER_TIME:
                return values[to - 1];
            default:
                throw new IllegalArgumentException(function + " is not an over_time function");
        }
    }

    /** 2.42's {@code funcAvgOverTime}: an incremental mean, Kahan-compensated, infinities kept. */
    private static double kahanMean(double[] values, int from, int to) {
        KahanSum mean = new KahanSum();
        double count = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            count++;
            double m = mean.sum;
            if (Double.isInfinite(m)) {
                if (Double.isInfinite(v) && (m > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean.add(v / count - m / count);
        }
        return Double.isInfinite(mean.sum) ? mean.sum : mean.sum + mean.compensation;
    }

    /** 2.42's {@code kahanSumInc} (Neumaier's variant). */
    private static final class KahanSum {
        double sum;
        double compensation;

        void add(double inc) {
            double t = sum + inc;
            if (Math.abs(sum) >= Math.abs(inc)) {
                compensation += (sum - t) + inc;
            } else {
                compensation += (inc - t) + sum;
            }
            sum = t;
        }

        double value() {
            return Double.isInfinite(sum) ? sum : sum + compensation;
        }
    }
}
