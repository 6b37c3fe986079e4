package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.HistogramQuantile;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.histogram.ResetHint;
import io.strata.operators.rollup.HistogramSeriesRollup;
import io.strata.operators.rollup.HistogramWindowAggregate;
import io.strata.operators.rollup.RollupMerge;
import io.strata.operators.rollup.SeriesRollup.AddOutcome;
import io.strata.operators.series.StaleMarker;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the native-histogram path a sample takes after the decoder: two
 * {@link NativeHistogram} records built from the input are decoded, merged, turned into a delta
 * by the 1m rollup, read as quantiles and encoded back. The property: a record is either
 * rejected at decode with IllegalArgumentException, or every later step completes without
 * throwing, its quantiles are finite, and its counts add up.
 *
 * <p>Plain {@code mvn test} (Jazzer 0.24 without {@code JAZZER_FUZZ}) runs this as a regression
 * test over the inputs in {@code src/test/resources/io/strata/pipeline/record/
 * NativeHistogramPathFuzzTestInputs/decodeMergeDeltaQuantileEncode/} (one invocation per file,
 * plus an empty input, milliseconds each, after some 20 s of Jazzer agent start-up); {@code
 * maxDuration} is ignored then. With {@code JAZZER_FUZZ=1} Jazzer first replays those inputs,
 * then fuzzes for {@code maxDuration} (only one fuzz test per JVM, so select it with {@code
 * -Dtest}), keeps its corpus in {@code pipeline/.cifuzz-corpus/} (ignored by git) and writes a
 * failing input into the inputs directory as {@code crash-<sha1>}; renamed for what it shows, it
 * stays as a seed:
 *
 * <pre>JAZZER_FUZZ=1 mvn -o -pl pipeline -am test -Dtest=NativeHistogramPathFuzzTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Seeds: {@code index_past_int_max} (spans {1, 1}, {2147483646, 1}), {@code
 * zero_threshold_near_int_max} (threshold Double.MAX_VALUE over Prometheus buckets 2^31 - 1 and
 * 2^31), {@code stale_marker_sum}, {@code schema_minus4_wide}, {@code schema8_extremes}, {@code
 * valid_step}; the others are fuzzing findings, each fixed in the commit that added it.
 *
 * <p>The input layout is {@link Input}'s: each value is read as a small, structured value unless
 * a selector byte asks for raw bits, so that both valid histograms and hostile ones (indices near
 * {@code Integer.MAX_VALUE}, huge thresholds, NaN and staleness sums) stay within reach.
 */
class NativeHistogramPathFuzzTest {

    private static final long T0 = 1_795_651_200_000L;
    private static final long MINUTE = 60_000;
    private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.9, 0.99, 1};
    /** Below this every count sum is exact in a double, so integer counts must add up exactly. */
    private static final double EXACT = 0x1p50;

    @FuzzTest(maxDuration = "60s")
    void decodeMergeDeltaQuantileEncode(byte[] data) {
        Input in = new Input(data);
        NativeHistogram first = in.histogram();
        NativeHistogram second = in.histogram();
        int maxBuckets = ExponentialHistogram.MIN_MAX_BUCKETS + in.uint8() % 200;

        ExponentialHistogram a = decodeOrNull(first, maxBuckets);
        ExponentialHistogram b = decodeOrNull(second, maxBuckets);
        if (a == null || b == null) {
            return;
        }
        checkDecoded(a, first);
        checkDecoded(b, second);

        ExponentialHistogram merged = a.copy();
        merged.merge(b);
        assertThat(merged.count()).isEqualTo(a.count() + b.count());
        checkQuantiles(merged);
        checkRoundTrip(merged, maxBuckets);

        HistogramSeriesRollup rollup = new HistogramSeriesRollup(MINUTE, maxBuckets);
        assertThat(rollup.add(T0, a, NativeHistogramConverter.resetHint(first))).isIn(AddOutcome.ADDED,
                AddOutcome.STALE_MARKER);
        assertThat(rollup.add(T0 + 1, b, NativeHistogramConverter.resetHint(second))).isIn(AddOutcome.ADDED,
                AddOutcome.STALE_MARKER);
        List<HistogramWindowAggregate> windows = rollup.closeUpTo(T0 + MINUTE);
        for (HistogramWindowAggregate w : windows) {
            ExponentialHistogram delta = RollupMerge.delta(w, maxBuckets);
            assertThat(delta.count()).isGreaterThanOrEqualTo(0);
            if (w.resets() == 0 && w.samples() == 2) {
                assertThat(delta.count()).isEqualTo(b.count() - a.count());
            }
            if (addsUp(a) && addsUp(b)) {
                // Float histograms need not add up (Prometheus' FloatHistogram.Validate skips the check).
                checkCountsAddUp(delta);
            }
            if (isObserved(delta)) {
                assertThat(Arrays.stream(w.quantiles()).allMatch(Double::isFinite))
                        .as("window quantiles %s of %s", Arrays.toString(w.quantiles()), delta).isTrue();
            }
            checkQuantiles(delta);
            checkRoundTrip(delta, maxBuckets);
            // The 5m cascade merges consecutive finer windows' deltas.
            HistogramWindowAggregate next = RollupMerge.rewindow(w, w.windowEndEpochMillis(),
                    w.windowEndEpochMillis() + MINUTE);
            assertThat(RollupMerge.merge(w, next, maxBuckets).count()).isEqualTo(w.count() + next.count());
        }
    }

    /** The decoded histogram, or null if decode rejected the record with IllegalArgumentException. */
    private static ExponentialHistogram decodeOrNull(NativeHistogram h, int maxBuckets) {
        try {
            return NativeHistogramConverter.toExponential(h, maxBuckets);
        } catch (IllegalArgumentException rejected) {
            return null;
        }
    }

    private static void checkDecoded(ExponentialHistogram h, NativeHistogram from) {
        assertThat(h.count()).isEqualTo(from.count());
        assertThat(h.positive().length()).isLessThanOrEqualTo(h.maxBuckets());
        assertThat(h.negative().length()).isLessThanOrEqualTo(h.maxBuckets());
        if (!from.floatCounts() && !Double.isNaN(from.sum())) {
            checkCountsAddUp(h);
        }
    }

    private static boolean addsUp(ExponentialHistogram h) {
        return !Double.isNaN(h.sum()) && NativeHistogramCodec.fitsIntegerCounts(h);
    }

    /** Zero count plus buckets equals the count, exactly while the sums are exact. */
    private static void checkCountsAddUp(ExponentialHistogram h) {
        double parts = h.zeroCount() + h.positive().total() + h.negative().total();
        if (h.hasIntegerCounts() && h.count() < EXACT && parts < EXACT && !Double.isNaN(h.sum())) {
            assertThat(parts).as("zero count plus buckets of %s", h).isEqualTo(h.count());
        }
    }

    /**
     * Quantiles are finite when some observation has a bucket. A positive count with every bucket
     * empty (only NaN observed, or a float histogram) has none to interpolate in: Prometheus then
     * answers NaN or a bound depending on the rank, and so does Strata.
     */
    private static void checkQuantiles(ExponentialHistogram h) {
        for (double q : QUANTILES) {
            double v = h.quantile(q);
            double v242 = HistogramQuantile.quantilePrometheus242(h, q);
            if (h.count() == 0) {
                assertThat(v).isNaN();
            } else if (isObserved(h)) {
                assertThat(v).as("q=%s of %s", q, h).isFinite();
                assertThat(v242).as("2.42 q=%s of %s", q, h).isFinite();
            }
        }
    }

    private static boolean withinMaxCount(ExponentialHistogram h) {
        double max = Math.max(h.count(), h.zeroCount());
        for (int i = 0; i < h.positive().length(); i++) {
            max = Math.max(max, h.positive().countAt(i));
        }
        for (int i = 0; i < h.negative().length(); i++) {
            max = Math.max(max, h.negative().countAt(i));
        }
        return max <= NativeHistogramCodec.MAX_COUNT;
    }

    private static boolean isObserved(ExponentialHistogram h) {
        return h.count() > 0 && Double.isFinite(h.count())
                && h.zeroCount() + h.positive().total() + h.negative().total() > 0;
    }

    /**
     * Encoding and decoding again keeps count, zero count and bucket totals. Below schema -4 (a
     * small bucket limit over a wide range) encoding refuses, as documented; only recording
     * rules encode, at 160 buckets, where every double's range fits at schema -4.
     */
    private static void checkRoundTrip(ExponentialHistogram h, int maxBuckets) {
        if (h.scale() < NativeHistogramCodec.MIN_SCHEMA) {
            assertThatThrownBy(() -> NativeHistogramConverter.toRecord(h, ResetHint.UNKNOWN, false))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        NativeHistogram encoded = NativeHistogramConverter.toRecord(h, ResetHint.UNKNOWN, false);
        if (!withinMaxCount(h)) {
            // A merge may add counts past what decode accepts; decode then refuses, as documented.
            assertThatThrownBy(() -> NativeHistogramConverter.toExponential(encoded, maxBuckets))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        ExponentialHistogram back = NativeHistogramConverter.toExponential(encoded, maxBuckets);
        assertThat(back.count()).isEqualTo(h.count());
        assertThat(back.zeroCount()).isEqualTo(h.zeroCount());
        assertThat(back.positive().total()).isEqualTo(h.positive().total());
        assertThat(back.negative().total()).isEqualTo(h.negative().total());
    }

    /**
     * Reads histogram records from fuzz bytes, big-endian; an exhausted input reads as zeros.
     * Per histogram: schema (int8); flags (bit 0 float counts, bits 1-2 reset hint, bit 3 counts
     * one more or fewer than the spans hold); zero threshold, zero count (values); count (a
     * value, or with selector 0xFF the zero count plus the buckets); sum (a value; selector 0xFE
     * the staleness marker); per sign a span count (uint8 % 4) and per span an offset (int8, or
     * int32 after selector 0x80) and a length (uint8 % 8); then a value per bucket. A value is a
     * selector byte: below 0x80 that small integer, 0x80 a raw IEEE 754 double, 0x81 NaN, 0x82
     * +Inf, 0x83 Double.MAX_VALUE, 0x84 2^-1074, 0x85 -1, else 2^(selector - 0xC0).
     */
    static final class Input {
        private final ByteBuffer buffer;

        Input(byte[] data) {
            this.buffer = ByteBuffer.wrap(data);
        }

        NativeHistogram histogram() {
            int schema = int8();
            int flags = uint8();
            boolean floatCounts = (flags & 1) != 0;
            int resetHint = (flags >> 1) & 3;
            double zeroThreshold = value();
            double zeroCount = value();
            int countSelector = peek();
            double count = countSelector == 0xFF ? skip(Double.NaN) : value();
            double sum = peek() == 0xFE ? skip(StaleMarker.STALE_NAN) : value();
            int[][] positive = spans();
            int[][] negative = spans();
            int mismatch = (flags & 8) != 0 ? (flags & 16) != 0 ? 1 : -1 : 0;
            double[] positiveCounts = values(Math.max(0, total(positive[1]) + mismatch));
            double[] negativeCounts = values(total(negative[1]));
            if (Double.isNaN(count) && countSelector == 0xFF) {
                count = zeroCount + sum(positiveCounts) + sum(negativeCounts);
            }
            return new NativeHistogram(schema, zeroThreshold, zeroCount, count, sum, positive[0], positive[1],
                    positiveCounts, negative[0], negative[1], negativeCounts, resetHint, floatCounts);
        }

        private int[][] spans() {
            int n = uint8() % 4;
            int[] offsets = new int[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                int selector = int8();
                offsets[i] = selector == Byte.MIN_VALUE ? int32() : selector;
                lengths[i] = uint8() % 8;
            }
            return new int[][] {offsets, lengths};
        }

        private double[] values(int n) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = value();
            }
            return values;
        }

        double value() {
            int selector = uint8();
            if (selector < 0x80) {
                return selector;
            }
            return switch (selector) {
                case 0x80 -> Double.longBitsToDouble(int64());
                case 0x81 -> Double.NaN;
                case 0x82 -> Double.POSITIVE_INFINITY;
                case 0x83 -> Double.MAX_VALUE;
                case 0x84 -> Double.MIN_VALUE;
                case 0x85 -> -1;
                default -> Math.scalb(1.0, selector - 0xC0);
            };
        }

        int uint8() {
            return buffer.hasRemaining() ? buffer.get() & 0xFF : 0;
        }

        private int int8() {
            return buffer.hasRemaining() ? buffer.get() : 0;
        }

        private int peek() {
            return buffer.hasRemaining() ? buffer.get(buffer.position()) & 0xFF : 0;
        }

        private double skip(double value) {
            buffer.get();
            return value;
        }

        private int int32() {
            return buffer.remaining() >= 4 ? buffer.getInt() : 0;
        }

        private long int64() {
            return buffer.remaining() >= 8 ? buffer.getLong() : 0;
        }

        private static int total(int[] lengths) {
            int total = 0;
            for (int length : lengths) {
                total += length;
            }
            return total;
        }

        private static double sum(double[] values) {
            double total = 0;
            for (double v : values) {
                total += v;
            }
            return total;
        }
    }
}
