package io.strata.pipeline.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.operators.histogram.ExponentialHistogram;
import io.strata.operators.histogram.NativeHistogramCodec;
import io.strata.operators.policy.LabelPolicy;
import io.strata.pipeline.record.Arrival;
import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Rejected;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.record.SourceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Coverage-guided fuzzing of the decoder, the pipeline's trust boundary. The first input byte
 * chooses what the rest is: the stream record as read (snappy framing included), or the
 * protobuf that a producer snappy-compressed. The property: decoding never throws, and
 * everything that comes out as a sample is what later stages assume — labels sorted, unique,
 * well-formed and non-empty, a valid metric name, a timestamp within bounds, no NaN value, and a
 * native histogram that the rollup's codec reads without complaint; every rejected row keeps
 * values of identity and allowlisted labels only.
 *
 * <p>Plain {@code mvn test} runs the seeds in {@code src/test/resources/io/strata/pipeline/decode/
 * RemoteWriteDecoderFuzzTestInputs/decode/} (the small records of the hostile corpus);
 * {@code scripts/test} fuzzes it for a minute with {@code JAZZER_FUZZ=1}, and by hand:
 *
 * <pre>JAZZER_FUZZ=1 mvn -o -pl pipeline test -Dtest=RemoteWriteDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class RemoteWriteDecoderFuzzTest {

    private static final long NOW = 1_795_654_800_000L;
    private static final LabelPolicy POLICY = LabelPolicy.platformDefault();
    private static final RemoteWriteDecoder DECODER = new RemoteWriteDecoder(POLICY,
            DecodeLimits.builder().maxSeriesPerFrame(2_000).maxSamplesPerSeries(2_000).build());
    private static final ExponentialHistogram SCRATCH = ExponentialHistogram.create(ExponentialHistogram.MAX_MAX_BUCKETS);

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        byte[] record = (data[0] & 1) == 0 ? body : Snappy.compress(body);
        byte[] tenant = (data[0] & 2) == 0 ? null : Arrays.copyOf(body, Math.min(body.length, 8));
        List<SourceRecord> out = new ArrayList<>();

        DECODER.decode(record, tenant, "default", Arrival.readAt("fuzz", NOW), NOW, out::add);

        for (SourceRecord r : out) {
            if (r.sample() != null) {
                checkSample(r.sample());
            } else {
                checkRejected(r.rejected());
            }
        }
    }

    private static void checkSample(Sample s) {
        String[] names = s.labelNames();
        String[] values = s.labelValues();
        for (int i = 0; i < names.length; i++) {
            assertThat(names[i]).matches("[a-zA-Z_][a-zA-Z0-9_]*");
            assertThat(values[i]).isNotEmpty();
            if (i > 0) {
                assertThat(names[i - 1].compareTo(names[i])).isNegative();
            }
        }
        assertThat(Labels.metricName(names, values)).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
        assertThat(s.timestampEpochMillis()).isBetween(RemoteWriteDecoder.MIN_VALID_TIMESTAMP_EPOCH_MILLIS,
                NOW + DecodeLimits.DEFAULT_MAX_FUTURE_SKEW.toMillis());
        if (s.histogram() == null) {
            assertThat(s.value()).isNotNaN();
        } else {
            NativeHistogramCodec.decode(s.histogram(), SCRATCH);
        }
    }

    private static void checkRejected(Rejected r) {
        assertThat(r.samples()).isNotNegative();
        if (r.labelNames() != null) {
            for (String name : r.labelNames()) {
                assertThat(POLICY.keepsValueWhenRejected(name)).as(name).isTrue();
            }
        }
    }
}
