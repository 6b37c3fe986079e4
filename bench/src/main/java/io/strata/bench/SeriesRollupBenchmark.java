package io.strata.bench;

import io.strata.operators.rollup.SeriesRollup;
import io.strata.operators.series.MetricKind;
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

/** One counter sample added to a series' 1m rollup, a new window every 6 samples (10 s scrape). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SeriesRollupBenchmark {

    private SeriesRollup rollup;
    private long timestamp;
    private double value;

    @Setup
    public void create() {
        rollup = new SeriesRollup(60_000, MetricKind.COUNTER);
        timestamp = 1_795_651_200_000L;
    }

    @Benchmark
    public Object addCounterSample() {
        timestamp += 10_000;
        value += 3;
        rollup.add(timestamp, value);
        // Close windows as the watermark would, so the open-window array stays small.
        return rollup.closeUpTo(timestamp - 30_000);
    }
}
