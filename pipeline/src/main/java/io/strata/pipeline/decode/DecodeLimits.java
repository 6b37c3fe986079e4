package io.strata.pipeline.decode;

import java.io.Serializable;
import java.time.Duration;

/**
 * The budgets under which the decoder reads a frame. Every one is checked before the decoder
 * allocates anything sized by it, so no frame can make it build more than these allow; a frame
 * or series over a budget is rejected with a reason of its own. Build with {@link #builder()}.
 *
 * @param maxFrameBytes a stream record's size (compressed)
 * @param maxDecompressedBytes a frame's size after snappy
 * @param maxSeriesPerFrame series in one frame
 * @param maxSamplesPerSeries float and histogram samples in one series of one frame
 * @param maxLabelsPerSeries labels of one series
 * @param maxLabelNameBytes one label name, in UTF-8 bytes
 * @param maxLabelValueBytes one label value, in UTF-8 bytes
 * @param maxBucketsPerHistogram positive plus negative buckets of one native histogram (spans are bounded by the same number)
 * @param maxFutureSkew how far beyond the time of reading a sample's timestamp may be
 * @param maxRecordAge how old a broker timestamp may be and still place cold rows (else the time of reading does)
 */
public record DecodeLimits(
        int maxFrameBytes,
        int maxDecompressedBytes,
        int maxSeriesPerFrame,
        int maxSamplesPerSeries,
        int maxLabelsPerSeries,
        int maxLabelNameBytes,
        int maxLabelValueBytes,
        int maxBucketsPerHistogram,
        Duration maxFutureSkew,
        Duration maxRecordAge) implements Serializable {

    /** remote_write frames are bundled to at most 1 MB upstream (design card, "Records"). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_SERIES_PER_FRAME = 50_000;
    public static final int DEFAULT_MAX_SAMPLES_PER_SERIES = 50_000;
    /** Mimir's {@code max_label_names_per_series} is 30; room for more, not for a bomb. */
    public static final int DEFAULT_MAX_LABELS_PER_SERIES = 64;
    /** Mimir's {@code max_label_name_length}. */
    public static final int DEFAULT_MAX_LABEL_NAME_BYTES = 1024;
    /** Mimir's {@code max_label_value_length}. */
    public static final int DEFAULT_MAX_LABEL_VALUE_BYTES = 2048;
    /** Twice what OpenTelemetry's exponential histograms use (160) and what Prometheus scrapes by default. */
    public static final int DEFAULT_MAX_BUCKETS_PER_HISTOGRAM = 320;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    /** Kafka's default retention: an older broker timestamp is a producer's claim, not an arrival. */
    public static final Duration DEFAULT_MAX_RECORD_AGE = Duration.ofDays(7);

    public DecodeLimits {
        requirePositive("max-frame-bytes", maxFrameBytes);
        requirePositive("max-decompressed-bytes", maxDecompressedBytes);
        requirePositive("max-series-per-frame", maxSeriesPerFrame);
        requirePositive("max-samples-per-series", maxSamplesPerSeries);
        requirePositive("max-labels-per-series", maxLabelsPerSeries);
        requirePositive("max-label-name-bytes", maxLabelNameBytes);
        requirePositive("max-label-value-bytes", maxLabelValueBytes);
        requirePositive("max-buckets-per-histogram", maxBucketsPerHistogram);
        if (maxFutureSkew.isNegative() || maxRecordAge.isNegative()) {
            throw new IllegalArgumentException("max-future-skew and max-record-age must not be negative");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static DecodeLimits defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link DecodeLimits}; what is not set keeps its default. */
    public static final class Builder {
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxDecompressedBytes;
        private int maxSeriesPerFrame = DEFAULT_MAX_SERIES_PER_FRAME;
        private int maxSamplesPerSeries = DEFAULT_MAX_SAMPLES_PER_SERIES;
        private int maxLabelsPerSeries = DEFAULT_MAX_LABELS_PER_SERIES;
        private int maxLabelNameBytes = DEFAULT_MAX_LABEL_NAME_BYTES;
        private int maxLabelValueBytes = DEFAULT_MAX_LABEL_VALUE_BYTES;
        private int maxBucketsPerHistogram = DEFAULT_MAX_BUCKETS_PER_HISTOGRAM;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Duration maxRecordAge = DEFAULT_MAX_RECORD_AGE;

        private Builder() {}

        /** Default 1 MiB. */
        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /** Default 4 × {@code maxFrameBytes}: remote_write frames compress about 5–10×, a bomb far more. */
        public Builder maxDecompressedBytes(int bytes) {
            this.maxDecompressedBytes = bytes;
            return this;
        }

        public Builder maxSeriesPerFrame(int series) {
            this.maxSeriesPerFrame = series;
            return this;
        }

        public Builder maxSamplesPerSeries(int samples) {
            this.maxSamplesPerSeries = samples;
            return this;
        }

        public Builder maxLabelsPerSeries(int labels) {
            this.maxLabelsPerSeries = labels;
            return this;
        }

        public Builder maxLabelNameBytes(int bytes) {
            this.maxLabelNameBytes = bytes;
            return this;
        }

        public Builder maxLabelValueBytes(int bytes) {
            this.maxLabelValueBytes = bytes;
            return this;
        }

        public Builder maxBucketsPerHistogram(int buckets) {
            this.maxBucketsPerHistogram = buckets;
            return this;
        }

        public Builder maxFutureSkew(Duration skew) {
            this.maxFutureSkew = skew;
            return this;
        }

        public Builder maxRecordAge(Duration age) {
            this.maxRecordAge = age;
            return this;
        }

        public DecodeLimits build() {
            int decompressed = maxDecompressedBytes > 0 ? maxDecompressedBytes : (int) Math.min(Integer.MAX_VALUE - 8, 4L * maxFrameBytes);
            return new DecodeLimits(maxFrameBytes, decompressed, maxSeriesPerFrame, maxSamplesPerSeries, maxLabelsPerSeries,
                    maxLabelNameBytes, maxLabelValueBytes, maxBucketsPerHistogram, maxFutureSkew, maxRecordAge);
        }
    }
}
