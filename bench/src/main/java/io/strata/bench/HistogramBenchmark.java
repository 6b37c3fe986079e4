package io.strata.bench;

import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramDelta;
import io.strata.operators.histogram.ResetHint;
import io.strata.pipeline.state.ExponentialHistogramSerializer;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataOutputSerializer;
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
 * Exponential histogram hot operations: record one value, merge two full 160-bucket histograms,
 * cumulative-to-delta, p99, and serialization (its size is printed once at setup).
 *
 * <p>Values are game tick times in milliseconds, log-normal around 16 ms (sigma 0.5), from a
 * fixed seed; a pool of 4096 is cycled so that the index computation cannot be hoisted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HistogramBenchmark {

    private static final int POOL = 4096;

    private double[] values;
    private int next;
    private ExponentialHistogram recording;

    /** Two full 160-bucket histograms over the same 160 indices at scale 3. */
    private ExponentialHistogram fullA;
    private ExponentialHistogram fullB;
    /** As fullB, but 80 buckets higher: merging it needs scale 2. */
    private ExponentialHistogram fullShifted;
    private ExponentialHistogram mergeTarget;

    private ExponentialHistogram previousCumulative;
    private ExponentialHistogram currentCumulative;
    private ExponentialHistogram delta;

    private DataOutputSerializer out;

    @Setup
    public void create() throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        values = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            values[i] = 16.0 * Math.exp(0.5 * gaussian(random));
        }
        recording = ExponentialHistogram.create();
        for (double v : values) {
            recording.record(v);
        }

        fullA = full(0, random);
        fullB = full(0, random);
        fullShifted = full(80, random);
        mergeTarget = fullA.copy();

        previousCumulative = ExponentialHistogram.create();
        for (int i = 0; i < 100_000; i++) {
            previousCumulative.record(values[i % POOL] * (1 + (i % 7) * 1e-3));
        }
        currentCumulative = previousCumulative.copy();
        for (int i = 0; i < 600; i++) {
            currentCumulative.record(values[(i * 31) % POOL]);
        }
        delta = ExponentialHistogram.create();

        out = new DataOutputSerializer(4096);
        ExponentialHistogramSerializer.INSTANCE.serialize(previousCumulative, out);
        System.out.printf("%n[serialized size] 100k tick times: %d bytes (scale %d, %d buckets); ",
                out.length(), previousCumulative.scale(), previousCumulative.positive().length());
        out.clear();
        ExponentialHistogramSerializer.INSTANCE.serialize(fullA, out);
        System.out.printf("full 160 buckets: %d bytes%n", out.length());
        out.clear();
    }

    @Benchmark
    public boolean record() {
        double v = values[next];
        next = (next + 1) & (POOL - 1);
        return recording.record(v);
    }

    /** Adds a full 160-bucket histogram into another with the same window (the common case). */
    @Benchmark
    public ExponentialHistogram mergeFull160SameWindow() {
        mergeTarget.merge(fullB);
        return mergeTarget;
    }

    /** Copies a full 160-bucket histogram, then merges one 80 buckets higher (downscale to fit). */
    @Benchmark
    public ExponentialHistogram mergeFull160ShiftedWindow() {
        mergeTarget.copyFrom(fullA);
        mergeTarget.merge(fullShifted);
        return mergeTarget;
    }

    @Benchmark
    public boolean deltaOfCumulative() {
        return HistogramDelta.delta(currentCumulative, previousCumulative, ResetHint.UNKNOWN, delta);
    }

    @Benchmark
    public double quantileP99() {
        return previousCumulative.quantile(0.99);
    }

    @Benchmark
    public int serialize() throws IOException {
        out.clear();
        ExponentialHistogramSerializer.INSTANCE.serialize(previousCumulative, out);
        return out.length();
    }

    private static ExponentialHistogram full(int offset, SplittableRandom random) {
        double[] counts = new double[ExponentialHistogram.DEFAULT_MAX_BUCKETS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + random.nextInt(1000);
        }
        return ExponentialHistogram.builder().scale(3).positive(offset, counts).build();
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; one of the pair is enough here.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
