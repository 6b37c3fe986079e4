package io.strata.pipeline.testutils;

import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.Sample;
import io.strata.schemas.prompb.Types;

/**
 * A label set for tests, kept in the order given (so that malformed sets can be built too), with
 * builders for the samples and the remote_write {@code TimeSeries} of that series.
 *
 * <pre>{@code
 * TestSeries requests = TestSeries.of("__name__", "http_requests_total", "job", "api");
 * Sample s = requests.counter(T0 + 10_000, 42);
 * }</pre>
 */
public record TestSeries(String tenant, String[] names, String[] values) {

    public static final String TENANT = "default";

    /** A series of tenant {@value #TENANT} from name/value pairs, in the order given. */
    public static TestSeries of(String... nameValuePairs) {
        return ofTenant(TENANT, nameValuePairs);
    }

    public static TestSeries ofTenant(String tenant, String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        String[] names = new String[nameValuePairs.length / 2];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = nameValuePairs[2 * i];
            values[i] = nameValuePairs[2 * i + 1];
        }
        return new TestSeries(tenant, names, values);
    }

    public long id() {
        return SeriesId.of(names, values);
    }

    public Sample gauge(long timestampEpochMillis, double value) {
        return sample(MetricKind.GAUGE, timestampEpochMillis, value);
    }

    public Sample counter(long timestampEpochMillis, double value) {
        return sample(MetricKind.COUNTER, timestampEpochMillis, value);
    }

    public Sample sample(MetricKind kind, long timestampEpochMillis, double value) {
        return Sample.ofFloat(tenant, id(), names, values, kind, timestampEpochMillis, value);
    }

    public Sample histogram(long timestampEpochMillis, NativeHistogram histogram) {
        return new Sample(tenant, id(), names, values, MetricKind.HISTOGRAM, timestampEpochMillis, Double.NaN, histogram);
    }

    /** The series' remote_write {@code TimeSeries} with its labels only; add samples to it. */
    public Types.TimeSeries.Builder proto() {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder();
        for (int i = 0; i < names.length; i++) {
            series.addLabels(Types.Label.newBuilder().setName(names[i]).setValue(values[i]));
        }
        return series;
    }

    /** The series' {@code TimeSeries} with one float sample. */
    public Types.TimeSeries.Builder proto(long timestampEpochMillis, double value) {
        return proto().addSamples(TestFrames.sample(timestampEpochMillis, value));
    }
}
