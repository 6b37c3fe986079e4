package io.strata.operators.histogram;

import java.util.Arrays;

/**
 * Converts between {@link ExponentialHistogram} and the Prometheus native histogram wire shape
 * ({@link PrometheusNativeHistogram}): schemas -4..8, spans plus deltas for integer counts,
 * spans plus absolute values for float counts, Prometheus index = OpenTelemetry index + 1.
 *
 * <p>Encoding lowers a scale above 8 to 8, as Prometheus' OTLP translator does, and rejects a
 * scale below -4, which no Prometheus schema can hold. Spans follow that translator's
 * {@code convertBucketsLayout}: a gap of up to {@value #MAX_EMPTY_BUCKETS_IN_SPAN} empty buckets
 * stays inside a span as explicit zeros, a longer gap starts a new span. Decoding validates what
 * Prometheus' {@code Histogram.Validate} checks and lowers the scale if the populated range is
 * wider than the target's bucket limit.
 */
public final class NativeHistogramCodec {

    /** Lowest exponential schema Prometheus accepts. */
    public static final int MIN_SCHEMA = -4;

    /** Highest exponential schema Prometheus accepts. */
    public static final int MAX_SCHEMA = 8;

    /** Longest run of empty buckets kept inside one span, as in Prometheus' OTLP translator. */
    static final int MAX_EMPTY_BUCKETS_IN_SPAN = 2;

    private NativeHistogramCodec() {}

    /** Encodes with integer counts (spans + deltas) when every count is whole, float otherwise. */
    public static PrometheusNativeHistogram encode(ExponentialHistogram h, ResetHint hint) {
        return encode(h, hint, !h.hasIntegerCounts());
    }

    /**
     * Encodes {@code h}; {@code floatCounts} chooses absolute float counts over integer deltas.
     *
     * @throws IllegalArgumentException if the scale is below -4, or integer counts are asked for
     *     a histogram with fractional counts
     */
    public static PrometheusNativeHistogram encode(ExponentialHistogram h, ResetHint hint, boolean floatCounts) {
        if (h.scale() < MIN_SCHEMA) {
            throw new IllegalArgumentException("scale " + h.scale() + " is below Prometheus' lowest schema "
                    + MIN_SCHEMA + "; a coarser bucket cannot be split");
        }
        if (!floatCounts && !h.hasIntegerCounts()) {
            throw new IllegalArgumentException("integer counts asked for a histogram with fractional counts: " + h);
        }
        ExponentialHistogram source = h;
        if (h.scale() > MAX_SCHEMA) {
            source = h.copy();
            source.downscale(h.scale() - MAX_SCHEMA);
        }
        Layout positive = layout(source.positive());
        Layout negative = layout(source.negative());
        return new PrometheusNativeHistogram(
                source.scale(), source.zeroThreshold(), source.zeroCount(), source.count(), source.sum(),
                positive.offsets, positive.lengths, floatCounts ? null : positive.deltas(),
                floatCounts ? positive.values : null,
                negative.offsets, negative.lengths, floatCounts ? null : negative.deltas(),
                floatCounts ? negative.values : null,
                hint, floatCounts);
    }

    /** Decodes into a histogram with the default bucket limit. */
    public static ExponentialHistogram decode(PrometheusNativeHistogram p) {
        return decode(p, ExponentialHistogram.DEFAULT_MAX_BUCKETS);
    }

    /**
     * Decodes {@code p} into a histogram holding at most {@code maxBuckets} per sign.
     *
     * @throws IllegalArgumentException naming what is wrong, for a custom-bucket or out-of-range
     *     schema, spans that do not match the counts, negative counts, or (integer histograms) a
     *     count that does not match the buckets
     */
    public static ExponentialHistogram decode(PrometheusNativeHistogram p, int maxBuckets) {
        if (p.schema() < MIN_SCHEMA || p.schema() > MAX_SCHEMA) {
            throw new IllegalArgumentException("schema " + p.schema() + " is not an exponential schema ("
                    + MIN_SCHEMA + ".." + MAX_SCHEMA + ")"
                    + (p.schema() == -53 ? "; custom-bucket histograms (NHCB) are not supported" : ""));
        }
        if (!(p.zeroThreshold() >= 0) || Double.isInfinite(p.zeroThreshold())) {
            throw new IllegalArgumentException("zero threshold is " + p.zeroThreshold() + "; expected >= 0");
        }
        if (!(p.zeroCount() >= 0)) {
            throw new IllegalArgumentException("zero count is " + p.zeroCount() + "; expected >= 0");
        }
        if (!(p.count() >= 0)) {
            throw new IllegalArgumentException("count is " + p.count() + "; expected >= 0");
        }
        double[] positiveAbsolute = absolute("positive", p.positiveSpanLengths(), p.positiveDeltas(),
                p.positiveCounts(), p.floatCounts());
        double[] negativeAbsolute = absolute("negative", p.negativeSpanLengths(), p.negativeDeltas(),
                p.negativeCounts(), p.floatCounts());
        int[] positiveIndices = indices("positive", p.schema(), p.positiveSpanOffsets(), p.positiveSpanLengths());
        int[] negativeIndices = indices("negative", p.schema(), p.negativeSpanOffsets(), p.negativeSpanLengths());
        if (!p.floatCounts()) {
            double buckets = p.zeroCount() + sum(positiveAbsolute) + sum(negativeAbsolute);
            if (Double.isNaN(p.sum()) ? buckets > p.count() : buckets != p.count()) {
                throw new IllegalArgumentException("count is " + p.count() + " but zero count and buckets add up to "
                        + buckets + (Double.isNaN(p.sum()) ? "; expected at least that" : "; expected equal"));
            }
        }
        int by = Math.max(downscaleToFit(positiveIndices, maxBuckets), downscaleToFit(negativeIndices, maxBuckets));
        ExponentialHistogram.Builder builder = ExponentialHistogram.builder()
                .maxBuckets(maxBuckets)
                .scale(p.schema() - by)
                .zeroThreshold(p.zeroThreshold())
                .zeroCount(p.zeroCount())
                .count(p.count())
                .sum(p.sum());
        if (positiveIndices.length > 0) {
            int offset = (positiveIndices[0] - 1) >> by;
            builder.positive(offset, dense(positiveIndices, positiveAbsolute, by, offset));
        }
        if (negativeIndices.length > 0) {
            int offset = (negativeIndices[0] - 1) >> by;
            builder.negative(offset, dense(negativeIndices, negativeAbsolute, by, offset));
        }
        return builder.build();
    }

    private static double[] absolute(String sign, int[] lengths, long[] deltas, double[] counts, boolean floatCounts) {
        long expected = 0;
        for (int length : lengths) {
            if (length < 0) {
                throw new IllegalArgumentException(sign + " span length " + Integer.toUnsignedString(length)
                        + " is too long");
            }
            expected += length;
        }
        int actual = floatCounts ? counts.length : deltas.length;
        if (expected != actual) {
            throw new IllegalArgumentException(sign + " spans hold " + expected + " buckets but "
                    + actual + (floatCounts ? " counts" : " deltas") + " were given");
        }
        double[] absolute = new double[actual];
        long running = 0;
        for (int i = 0; i < actual; i++) {
            double value;
            if (floatCounts) {
                value = counts[i];
            } else {
                running += deltas[i];
                value = running;
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(sign + " bucket " + i + " has count " + value + "; expected >= 0");
            }
            absolute[i] = value;
        }
        return absolute;
    }

    /**
     * Returns the Prometheus index of every bucket the spans describe, in order. Guarded by
     * caller: the lengths are non-negative and add up to a counts array's length.
     *
     * @throws IllegalArgumentException for a negative gap or an index no double has at the schema
     */
    private static int[] indices(String sign, int schema, int[] offsets, int[] lengths) {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(sign + " spans have " + offsets.length + " offsets and "
                    + lengths.length + " lengths");
        }
        int total = 0;
        for (int length : lengths) {
            total = Math.addExact(total, length);
        }
        int[] indices = new int[total];
        // Prometheus index p is OpenTelemetry index p - 1; a long cannot overflow on int offsets.
        long index = 0;
        int k = 0;
        for (int s = 0; s < offsets.length; s++) {
            if (s > 0 && offsets[s] < 0) {
                throw new IllegalArgumentException(sign + " span " + s + " has negative gap " + offsets[s]);
            }
            index += offsets[s];
            if (lengths[s] == 0) {
                continue;
            }
            long last = index + lengths[s] - 1;
            if (!Base2ExponentialIndexer.isValidIndex(index - 1, schema)
                    || !Base2ExponentialIndexer.isValidIndex(last - 1, schema)) {
                throw new IllegalArgumentException(sign + " span " + s + " covers bucket indices " + index + ".."
                        + last + "; schema " + schema + " has buckets " + (Base2ExponentialIndexer.minIndex(schema) + 1)
                        + ".." + (Base2ExponentialIndexer.maxIndex(schema) + 1));
            }
            for (int i = 0; i < lengths[s]; i++) {
                indices[k++] = (int) index++;
            }
        }
        return indices;
    }

    private static int downscaleToFit(int[] prometheusIndices, int maxBuckets) {
        if (prometheusIndices.length == 0) {
            return 0;
        }
        long low = prometheusIndices[0] - 1L;
        long high = prometheusIndices[prometheusIndices.length - 1] - 1L;
        int by = 0;
        while ((high >> by) - (low >> by) + 1 > maxBuckets) {
            by++;
        }
        return by;
    }

    private static double[] dense(int[] prometheusIndices, double[] counts, int by, int offset) {
        int last = (prometheusIndices[prometheusIndices.length - 1] - 1) >> by;
        double[] dense = new double[last - offset + 1];
        for (int i = 0; i < prometheusIndices.length; i++) {
            dense[((prometheusIndices[i] - 1) >> by) - offset] += counts[i];
        }
        return dense;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static Layout layout(ExponentialBuckets buckets) {
        int n = buckets.length();
        int[] offsets = new int[n];
        int[] lengths = new int[n];
        double[] values = new double[n];
        int spans = 0;
        int valueCount = 0;
        int spanStart = -1;
        int lastPopulated = -1;
        for (int i = 0; i < n; i++) {
            if (buckets.countAt(i) == 0) {
                continue;
            }
            if (spanStart < 0 || i - lastPopulated - 1 > MAX_EMPTY_BUCKETS_IN_SPAN) {
                if (spanStart >= 0) {
                    lengths[spans - 1] = lastPopulated - spanStart + 1;
                }
                // First span: absolute Prometheus index; later ones: the gap since the last span.
                offsets[spans++] = spanStart < 0 ? buckets.offset() + i + 1 : i - lastPopulated - 1;
                spanStart = i;
            }
            for (int j = lastPopulated < spanStart ? spanStart : lastPopulated + 1; j <= i; j++) {
                values[valueCount++] = buckets.countAt(j);
            }
            lastPopulated = i;
        }
        if (spanStart >= 0) {
            lengths[spans - 1] = lastPopulated - spanStart + 1;
        }
        return new Layout(Arrays.copyOf(offsets, spans), Arrays.copyOf(lengths, spans),
                Arrays.copyOf(values, valueCount));
    }

    /** Spans and the absolute counts of the buckets they cover. */
    private record Layout(int[] offsets, int[] lengths, double[] values) {
        long[] deltas() {
            long[] deltas = new long[values.length];
            long previous = 0;
            for (int i = 0; i < values.length; i++) {
                long current = (long) values[i];
                deltas[i] = current - previous;
                previous = current;
            }
            return deltas;
        }
    }
}
