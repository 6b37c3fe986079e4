package io.strata.bench;

import io.strata.operators.histogram.ClassicHistogram;
import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import io.strata.operators.rules.RangeEvaluation;
import io.strata.pipeline.state.RuleSeriesWindow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recording rules' per-series and per-group work at one evaluation: a 5m range of a series
 * scraped every 15 s (21 samples) at a 30 s rule interval, as the platform's rules have it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleEvaluationBenchmark {

    private static final int SAMPLES = 21;
    private static final long T = 1_795_651_500_000L;

    private final long[] timestamps = new long[SAMPLES];
    private final double[] values = new double[SAMPLES];
    private final ExponentialHistogram[] histograms = new ExponentialHistogram[SAMPLES];
    private final double[] bounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};
    private final double[] bucketRates = new double[bounds.length];
    private RuleSeriesWindow window;
    private long next;

    @Setup
    public void create() {
        window = RuleSeriesWindow.empty(false);
        for (int k = 0; k < SAMPLES; k++) {
            timestamps[k] = T - 300_000 + k * 15_000L;
            values[k] = 7.0 * k;
            ExponentialHistogram h = ExponentialHistogram.create();
            for (int i = 1; i <= 50 * k; i++) {
                h.record(0.001 * i);
            }
            histograms[k] = h;
            window = window.with(timestamps[k], values[k], null);
        }
        for (int i = 0; i < bounds.length; i++) {
            bucketRates[i] = 0.1 * (i + 1);
        }
        next = T + 15_000;
    }

    /** One series' rate over its 5m range (rate and increase cost the same). */
    @Benchmark
    public double counterRate() {
        return RangeEvaluation.extrapolatedRate(timestamps, values, 0, SAMPLES, T, 300_000, true);
    }

    /** One group's classic quantile from 12 summed bucket rates. */
    @Benchmark
    public double classicQuantile() {
        return ClassicHistogram.of(bounds, bucketRates).quantilePrometheus242(0.95);
    }

    /** One native series' rate histogram over its 5m range, then its quantile. */
    @Benchmark
    public double nativeRateAndQuantile() {
        return HistogramQuantile.quantilePrometheus242(
                RangeEvaluation.histogramRate(timestamps, histograms, 0, SAMPLES, T, 300_000, true), 0.95);
    }

    /** One sample into a series' rule window (the state rebuilt, the oldest sample dropped). */
    @Benchmark
    public RuleSeriesWindow windowAdd() {
        window = window.with(next, 1.0, null).from(next - 300_000);
        next += 15_000;
        return window;
    }
}
