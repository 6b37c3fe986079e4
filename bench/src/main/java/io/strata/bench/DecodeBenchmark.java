package io.strata.bench;

import io.strata.operators.policy.LabelPolicy;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.decode.RemoteWriteDecoder;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.remotewrite.RemoteWriteRequestEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding of realistic remote_write frames (docs/CONTRACT.md, "Performance targets"): 500 series per
 * frame, 11 labels each, one float sample per series; snappy + protobuf + validation + series id.
 * The score is per sample (ops = samples). {@code decodeFrame} decodes series seen before (every
 * scrape of a host repeats its series, so the decoder's label-set cache hits); {@code
 * decodeFrameNewSeries} cycles through 40 frames of 20,000 distinct series, more than the cache
 * keeps, so every label set is checked and turned into strings again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {

    static final int SERIES_PER_FRAME = 500;

    static final int DISTINCT_FRAMES = 40;

    private final RemoteWriteDecoder decoder = RemoteWriteDecoder.withDefaults(LabelPolicy.platformDefault());
    private byte[] frame;
    private final byte[][] distinctFrames = new byte[DISTINCT_FRAMES][];
    private int next;

    @Setup
    public void makeFrame() {
        frame = frame(0);
        for (int f = 0; f < DISTINCT_FRAMES; f++) {
            distinctFrames[f] = frame(f + 1);
        }
    }

    /** Frame {@code f}: 500 series whose {@code shard_id} values are unique to it. */
    private static byte[] frame(int f) {
        // Fixed seed: every run decodes the same bytes.
        SplittableRandom random = new SplittableRandom(42);
        List<Sample> samples = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < SERIES_PER_FRAME; i++) {
            String[] names = {"__name__", "az", "build_id", "cluster", "instance", "instance_type", "job", "queue", "region", "shard_id", "asn_bucket"};
            java.util.Arrays.sort(names);
            String[] values = new String[names.length];
            for (int l = 0; l < names.length; l++) {
                values[l] = switch (names[l]) {
                    case "__name__" -> "gameplay_metric_" + (i % 40) + "_total";
                    case "instance" -> "gs-" + (i % 25) + ".eu-west-1.internal:9100";
                    case "shard_id" -> "shard-" + f + "-" + i;
                    default -> names[l] + "-value-" + random.nextInt(12);
                };
            }
            samples.add(Sample.ofFloat("default", SeriesId.of(names, values), names, values, MetricKind.COUNTER, now, random.nextDouble() * 1e6));
        }
        return RemoteWriteRequestEncoder.encode(samples);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES_PER_FRAME)
    public void decodeFrame(Blackhole sink) {
        decoder.decode(frame, "default", "bench", System.currentTimeMillis(), sink::consume);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES_PER_FRAME)
    public void decodeFrameNewSeries(Blackhole sink) {
        byte[] distinct = distinctFrames[next];
        next = (next + 1) % DISTINCT_FRAMES;
        decoder.decode(distinct, "default", "bench", System.currentTimeMillis(), sink::consume);
    }
}
