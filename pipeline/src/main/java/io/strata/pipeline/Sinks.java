package io.strata.pipeline;

import io.strata.pipeline.record.Sample;
import io.strata.pipeline.sink.cold.ColdTimeRange;
import io.strata.pipeline.sink.cold.s3.S3ColdSettings;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the graph writes: raw samples and derived series (rollups, rule results) hot, e.g. over
 * remote_write; rollups, rejected and late rows cold, as Parquet under a base path. Any may be
 * left out.
 *
 * @param rawHot the raw samples' hot sink, or null for none
 * @param derivedHot the derived series' hot sink, or null for none
 * @param coldBasePath base URI of the cold datasets ({@code file:///data/strata}, {@code
 *     s3://bucket/strata}), or null for none
 * @param coldS3 how an {@code s3://} cold path is reached and written
 * @param coldRange with a backfill, the only time range whose cold rows are written (the rest of
 *     what it reads is lead-in and lead-out); null for every row
 */
public record Sinks(Sink<Sample> rawHot, Sink<Sample> derivedHot, String coldBasePath, S3ColdSettings coldS3,
        ColdTimeRange coldRange) {

    public Sinks {
        Objects.requireNonNull(coldS3, "coldS3");
        if (coldRange != null && coldBasePath == null) {
            throw new IllegalArgumentException("a cold time range needs a cold path to write to");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Sinks}; nothing is written where nothing is set. */
    public static final class Builder {
        private Sink<Sample> rawHot;
        private Sink<Sample> derivedHot;
        private String coldBasePath;
        private S3ColdSettings coldS3 = S3ColdSettings.defaults();
        private ColdTimeRange coldRange;

        private Builder() {}

        /** Raw samples and derived series to the same hot sink. */
        public Builder hot(Sink<Sample> sink) {
            return rawHot(sink).derivedHot(sink);
        }

        public Builder rawHot(Sink<Sample> sink) {
            this.rawHot = sink;
            return this;
        }

        public Builder derivedHot(Sink<Sample> sink) {
            this.derivedHot = sink;
            return this;
        }

        /** The cold datasets under {@code basePath} (file:// or s3://); null for none. */
        public Builder cold(String basePath) {
            this.coldBasePath = basePath;
            return this;
        }

        public Builder coldS3(S3ColdSettings settings) {
            this.coldS3 = Objects.requireNonNull(settings, "coldS3");
            return this;
        }

        public Builder coldRange(ColdTimeRange range) {
            this.coldRange = range;
            return this;
        }

        public Sinks build() {
            return new Sinks(rawHot, derivedHot, coldBasePath, coldS3, coldRange);
        }
    }
}
