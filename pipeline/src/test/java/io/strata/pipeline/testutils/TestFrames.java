package io.strata.pipeline.testutils;

import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Builds remote_write 1.0 frames (snappy block of a {@code WriteRequest}) for tests. */
public final class TestFrames {

    /** 2026-11-26T00:00:00Z, a minute (and day) boundary. */
    public static final long T0 = 1_795_651_200_000L;

    public static final long SECOND = 1_000;
    public static final long MINUTE = 60_000;

    private TestFrames() {}

    public static byte[] frame(Types.TimeSeries.Builder... series) {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (Types.TimeSeries.Builder s : series) {
            request.addTimeseries(s);
        }
        return frame(request.build());
    }

    public static byte[] frame(WriteRequest request) {
        return snappy(request.toByteArray());
    }

    public static byte[] snappy(byte[] raw) {
        try {
            return Snappy.compress(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Types.Sample sample(long timestampEpochMillis, double value) {
        return Types.Sample.newBuilder().setTimestamp(timestampEpochMillis).setValue(value).build();
    }

    public static Types.MetricMetadata metadata(String family, Types.MetricMetadata.MetricType type) {
        return Types.MetricMetadata.newBuilder().setMetricFamilyName(family).setType(type).build();
    }
}
