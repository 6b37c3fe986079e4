package io.strata.pipeline.testutils;

import io.strata.schemas.prompb.Remote.WriteRequest;
import io.strata.schemas.prompb.Types;
import java.util.TreeMap;

/** Builds remote_write frames fluently: {@code FrameBuilder.frame().series(...).sample(...).build()}. */
public final class FrameBuilder {

    private final WriteRequest.Builder request = WriteRequest.newBuilder();
    private Types.TimeSeries.Builder current;

    public static FrameBuilder frame() {
        return new FrameBuilder();
    }

    /** Starts a series; labels are name/value pairs, sorted here by name. */
    public FrameBuilder series(String... nameValuePairs) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            sorted.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return seriesUnsorted(sorted.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new));
    }

    /** Starts a series with labels exactly in the given order (to build malformed frames). */
    public FrameBuilder seriesUnsorted(String... nameValuePairs) {
        flushSeries();
        current = Types.TimeSeries.newBuilder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            current.addLabels(Types.Label.newBuilder().setName(nameValuePairs[i]).setValue(nameValuePairs[i + 1]));
        }
        return this;
    }

    public FrameBuilder sample(long timestampEpochMillis, double value) {
        current.addSamples(Types.Sample.newBuilder().setTimestamp(timestampEpochMillis).setValue(value));
        return this;
    }

    public byte[] build() {
        flushSeries();
        return TestFrames.frame(request.build());
    }

    private void flushSeries() {
        if (current != null) {
            request.addTimeseries(current);
            current = null;
        }
    }
}
