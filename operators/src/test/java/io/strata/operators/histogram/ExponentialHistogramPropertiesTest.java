package io.strata.operators.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;

/**
 * Properties every histogram must have, whatever was recorded: merge commutes and associates up
 * to the common scale, conserves count and sum, and quantiles stay in their bucket with a
 * relative error of at most {@code base - 1}.
 */
class ExponentialHistogramPropertiesTest {

    @Property(tries = 300)
    void merge_anyTwoHistograms_isCommutative(
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1e9, max = 1e9) @Scale(6) Double> xs,
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1e9, max = 1e9) @Scale(6) Double> ys,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets,
            @ForAll @DoubleRange(min = 0, max = 100) @Scale(3) double zeroThresholdA,
            @ForAll @DoubleRange(min = 0, max = 100) @Scale(3) double zeroThresholdB) {
        ExponentialHistogram a = recorded(xs, maxBuckets, zeroThresholdA);
        ExponentialHistogram b = recorded(ys, maxBuckets, zeroThresholdB);

        ExponentialHistogram ab = a.copy();
        ab.merge(b);
        ExponentialHistogram ba = b.copy();
        ba.merge(a);

        assertSameAtCommonScale(ab, ba, 0);
    }

    @Property(tries = 300)
    void merge_anyThreeHistograms_isAssociativeUpToTheCommonScale(
            @ForAll @Size(max = 100) List<@DoubleRange(min = -1e12, max = 1e12) @Scale(6) Double> xs,
            @ForAll @Size(max = 100) List<@DoubleRange(min = 1e-9, max = 1e-3) @Scale(12) Double> ys,
            @ForAll @Size(max = 100) List<@DoubleRange(min = -1e3, max = 1e3) @Scale(6) Double> zs,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        // Zero thresholds stay 0 here (recorded data, OpenTelemetry's default). With non-zero ones
        // a widened threshold snaps to a bucket boundary at the scale of the merge that widens it,
        // so it can depend on the order (as in Prometheus); counts are conserved regardless
        // (merge_anyThresholds_conservesCountSumAndZeroPlusBuckets).
        ExponentialHistogram a = recorded(xs, maxBuckets);
        ExponentialHistogram b = recorded(ys, maxBuckets);
        ExponentialHistogram c = recorded(zs, maxBuckets);

        ExponentialHistogram left = a.copy();
        left.merge(b);
        left.merge(c);
        ExponentialHistogram bc = b.copy();
        bc.merge(c);
        ExponentialHistogram right = a.copy();
        right.merge(bc);

        assertSameAtCommonScale(left, right, 1e-9 * (absSum(xs) + absSum(ys) + absSum(zs)));
    }

    @Property(tries = 300)
    void merge_splitRecording_conservesCountAndSum(
            @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = -1e6, max = 1e6) @Scale(6) Double> values,
            @ForAll @IntRange(min = 0, max = 300) int split,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        int k = Math.min(split, values.size());
        ExponentialHistogram whole = recorded(values, maxBuckets);
        ExponentialHistogram merged = recorded(values.subList(0, k), maxBuckets);
        merged.merge(recorded(values.subList(k, values.size()), maxBuckets));

        assertThat(merged.count()).isEqualTo(values.size());
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.sum()).isCloseTo(whole.sum(), org.assertj.core.api.Assertions.within(1e-9 * absSum(values)));
        assertThat(merged.zeroCount() + merged.positive().total() + merged.negative().total()).isEqualTo(merged.count());
        assertThat(merged.min()).isEqualTo(whole.min());
        assertThat(merged.max()).isEqualTo(whole.max());
    }

    @Property(tries = 300)
    void merge_anyThresholds_conservesCountSumAndZeroPlusBuckets(
            @ForAll @Size(max = 100) List<@DoubleRange(min = -1e3, max = 1e3) @Scale(6) Double> xs,
            @ForAll @Size(max = 100) List<@DoubleRange(min = -1, max = 1) @Scale(9) Double> ys,
            @ForAll @Size(max = 100) List<@DoubleRange(min = -1e6, max = 1e6) @Scale(3) Double> zs,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets,
            @ForAll @DoubleRange(min = 0, max = 2) @Scale(6) double zeroThresholdA,
            @ForAll @DoubleRange(min = 0, max = 2) @Scale(6) double zeroThresholdB,
            @ForAll @DoubleRange(min = 0, max = 2) @Scale(6) double zeroThresholdC) {
        ExponentialHistogram left = recorded(xs, maxBuckets, zeroThresholdA);
        left.merge(recorded(ys, maxBuckets, zeroThresholdB));
        left.merge(recorded(zs, maxBuckets, zeroThresholdC));
        ExponentialHistogram bc = recorded(ys, maxBuckets, zeroThresholdB);
        bc.merge(recorded(zs, maxBuckets, zeroThresholdC));
        ExponentialHistogram right = recorded(xs, maxBuckets, zeroThresholdA);
        right.merge(bc);

        int n = xs.size() + ys.size() + zs.size();
        for (ExponentialHistogram h : List.of(left, right)) {
            assertThat(h.count()).isEqualTo(n);
            assertThat(h.zeroCount() + h.positive().total() + h.negative().total()).isEqualTo(n);
            assertThat(h.zeroThreshold()).isGreaterThanOrEqualTo(Math.max(zeroThresholdA,
                    Math.max(zeroThresholdB, zeroThresholdC)));
        }
        assertThat(left.sum()).isCloseTo(right.sum(),
                org.assertj.core.api.Assertions.within(1e-9 * (absSum(xs) + absSum(ys) + absSum(zs))));
    }

    @Property(tries = 500)
    void quantile_anyPositiveData_liesWithinTheBucketsOfItsRank(
            @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = 1e-3, max = 1e9) @Scale(9) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double q,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        ExponentialHistogram h = recorded(values, maxBuckets);
        double[] sorted = sorted(values);
        int n = sorted.length;
        int lo = Math.max(0, (int) Math.ceil(q * n - 1e-6) - 1);
        int hi = Math.min(n - 1, (int) Math.floor(q * n + 1e-6));
        int scale = h.scale();

        double r = h.quantile(q);

        double lower = Base2ExponentialIndexer.lowerBoundary(Base2ExponentialIndexer.index(sorted[lo], scale), scale);
        double upper = Base2ExponentialIndexer.lowerBoundary(Base2ExponentialIndexer.index(sorted[hi], scale) + 1, scale);
        assertThat(r).as("q=%s of %s at scale %d", q, values, scale)
                .isBetween(lower * (1 - 1e-12), upper * (1 + 1e-12));
    }

    @Property(tries = 500)
    void quantile_anyPositiveData_relativeErrorAtMostBaseMinusOne(
            @ForAll @Size(min = 1, max = 300) List<@DoubleRange(min = 1e-3, max = 1e9) @Scale(9) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double q,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        ExponentialHistogram h = recorded(values, maxBuckets);
        double[] sorted = sorted(values);
        int n = sorted.length;
        double low = sorted[Math.max(0, (int) Math.ceil(q * n - 1e-6) - 1)];
        double high = sorted[Math.min(n - 1, (int) Math.floor(q * n + 1e-6))];
        double allowed = Base2ExponentialIndexer.base(h.scale()) - 1;

        double r = h.quantile(q);

        // The true quantile lies anywhere in [low, high]; the estimate may be off by a bucket width.
        double error = r < low ? (low - r) / low : r > high ? (r - high) / high : 0;
        assertThat(error).as("q=%s at scale %d: %s not near [%s, %s]", q, h.scale(), r, low, high)
                .isLessThanOrEqualTo(allowed * (1 + 1e-9));
    }

    @Property(tries = 300)
    void index_anyNormalValue_liesWithinItsBucket(
            @ForAll @DoubleRange(min = 1, max = 2) @Scale(15) double mantissa,
            @ForAll @IntRange(min = -1000, max = 1000) int exponent,
            @ForAll @IntRange(min = Base2ExponentialIndexer.MIN_SCALE, max = Base2ExponentialIndexer.MAX_SCALE) int scale) {
        double value = Math.scalb(mantissa, exponent);
        int index = Base2ExponentialIndexer.index(value, scale);

        double lower = Base2ExponentialIndexer.lowerBoundary(index, scale);
        double upper = Base2ExponentialIndexer.lowerBoundary(index + 1, scale);
        // Upper-inclusive; the logarithm method may be off by rounding right at a boundary.
        assertThat(value).isBetween(lower * (1 - 1e-12), upper * (1 + 1e-12));
    }

    @Property(tries = 1000)
    void index_lookupTableScales_agreeExactlyWithLowerBoundary(
            @ForAll @DoubleRange(min = 1, max = 2) @Scale(15) double mantissa,
            @ForAll @IntRange(min = -1000, max = 1000) int exponent,
            @ForAll @IntRange(min = 1, max = 10) int scale) {
        double value = Math.scalb(mantissa, exponent);
        int index = Base2ExponentialIndexer.index(value, scale);

        // Upper-inclusive, without tolerance: the table holds the very boundaries lowerBoundary returns.
        assertThat(value).isGreaterThan(Base2ExponentialIndexer.lowerBoundary(index, scale))
                .isLessThanOrEqualTo(Base2ExponentialIndexer.lowerBoundary(index + 1, scale));
    }

    @Property(tries = 300)
    void delta_cumulativeGrowth_recoversTheIncrement(
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1e6, max = 1e6) @Scale(6) Double> before,
            @ForAll @Size(max = 200) List<@DoubleRange(min = -1e6, max = 1e6) @Scale(6) Double> increment,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        ExponentialHistogram previous = recorded(before, maxBuckets);
        ExponentialHistogram current = previous.copy();
        for (double v : increment) {
            current.record(v);
        }
        ExponentialHistogram delta = ExponentialHistogram.create(maxBuckets);

        boolean reset = HistogramDelta.delta(current, previous, ResetHint.UNKNOWN, delta);

        assertThat(reset).isFalse();
        assertThat(delta.count()).isEqualTo(increment.size());
        ExponentialHistogram rebuilt = previous.copy();
        rebuilt.merge(delta);
        assertSameAtCommonScale(rebuilt, current, 1e-9 * (absSum(before) + absSum(increment)));
    }

    @Property(tries = 300)
    void codec_anyHistogram_roundTripsAtSchemaEightOrBelow(
            @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) @Scale(6) Double> values,
            @ForAll @IntRange(min = 4, max = 160) int maxBuckets) {
        ExponentialHistogram h = recorded(values, maxBuckets);

        ExponentialHistogram back = NativeHistogramCodec.decode(PrometheusHistograms.encode(h, ResetHint.UNKNOWN),
                maxBuckets);

        assertThat(back.scale()).isLessThanOrEqualTo(NativeHistogramCodec.MAX_SCHEMA);
        assertSameAtCommonScale(back, h, 0);
    }

    private static ExponentialHistogram recorded(List<Double> values, int maxBuckets) {
        return recorded(values, maxBuckets, 0);
    }

    private static ExponentialHistogram recorded(List<Double> values, int maxBuckets, double zeroThreshold) {
        ExponentialHistogram h = ExponentialHistogram.builder().maxBuckets(maxBuckets).zeroThreshold(zeroThreshold).build();
        for (double v : values) {
            h.record(v);
        }
        return h;
    }

    private static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static double absSum(List<Double> values) {
        return values.stream().mapToDouble(Math::abs).sum() + 1e-300;
    }

    /** Compares after lowering the finer of the two to the other's scale. */
    private static void assertSameAtCommonScale(ExponentialHistogram x, ExponentialHistogram y, double sumTolerance) {
        int common = Math.min(x.scale(), y.scale());
        ExponentialHistogram a = x.copy();
        a.downscale(a.scale() - common);
        ExponentialHistogram b = y.copy();
        b.downscale(b.scale() - common);
        assertThat(a.count()).isEqualTo(b.count());
        assertThat(a.zeroThreshold()).isEqualTo(b.zeroThreshold());
        assertThat(a.zeroCount()).isEqualTo(b.zeroCount());
        assertThat(Math.abs(a.sum() - b.sum())).isLessThanOrEqualTo(sumTolerance);
        assertThat(PrometheusHistograms.prometheusBuckets(a.positive()))
                .isEqualTo(PrometheusHistograms.prometheusBuckets(b.positive()));
        assertThat(PrometheusHistograms.prometheusBuckets(a.negative()))
                .isEqualTo(PrometheusHistograms.prometheusBuckets(b.negative()));
    }
}
