package io.strata.pipeline.rules;

import static io.strata.pipeline.testutils.TestFrames.SECOND;
import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.rules.RuleFileParser;
import io.strata.operators.rules.RuleSet;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.NativeHistogram;
import io.strata.pipeline.record.RulePartial;
import io.strata.pipeline.record.Sample;
import io.strata.pipeline.testutils.Harnesses;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleAggregateFunctionTest {

    private static final RuleSet RULES = RuleSet.of(RuleFileParser.parse("r.yaml", """
            groups:
            - name: g
              interval: 30s
              rules:
              - record: region:x:avg
                expr: avg by (region, az) (rate(x_total[1m]))
                labels:
                  az: overridden
                  team: gameplay
              - record: :tick_p50
                expr: histogram_quantile(0.5, sum by (le, region) (rate(tick_bucket[1m])))
            """));
    private static final long T = T0 + 30 * SECOND;

    private KeyedOneInputStreamOperatorTestHarness<String, RulePartial, Sample> harness;

    @BeforeEach
    void open() throws Exception {
        harness = Harnesses.keyed(new KeyedProcessOperator<>(new RuleAggregateFunction(RULES)),
                RulePartial::aggregationKey, Types.STRING, null, null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void push(RulePartial p) throws Exception {
        harness.processElement(new StreamRecord<>(p, p.timestampEpochMillis()));
    }

    private static RulePartial value(int rule, long series, double v, String... group) {
        return new RulePartial("acme", rule, group, T, series, Double.NaN, v, null);
    }

    private static RulePartial bucket(long series, double le, double v) {
        return new RulePartial("acme", 1, new String[] {"eu"}, T, series, le, v, null);
    }

    @Test
    void aggregate_firesAtTheEvaluationTime_namedByRecordWithGroupAndRuleLabels() throws Exception {
        push(value(0, 2, 3.0, "eu", ""));
        push(value(0, 1, 1.0, "eu", ""));
        harness.processWatermark(T - 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(T);

        List<Sample> out = harness.extractOutputValues();
        assertThat(out).singleElement().satisfies(s -> {
            // The empty az of the group is left out, then the rule's labels override and add.
            assertThat(s.labelNames()).containsExactly("__name__", "az", "region", "team");
            assertThat(s.labelValues()).containsExactly("region:x:avg", "overridden", "eu", "gameplay");
            assertThat(s.seriesId()).isEqualTo(SeriesId.of(s.labelNames(), s.labelValues()));
            assertThat(s.tenant()).isEqualTo("acme");
            assertThat(s.timestampEpochMillis()).isEqualTo(T);
            assertThat(s.value()).isEqualTo(2.0);
        });
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void classicQuantile_sumsPerLe_thenBucketQuantile() throws Exception {
        // Two series' bucket rates: (le 1: 1 + 1, le 2: 3 + 1, +Inf: 4 + 2) = (2, 4, 6); rank 3
        // lies half into (1, 2]: 1.5.
        push(bucket(1, 1, 1));
        push(bucket(1, 2, 3));
        push(bucket(1, Double.POSITIVE_INFINITY, 4));
        push(bucket(2, 1, 1));
        push(bucket(2, 2, 1));
        push(bucket(2, Double.POSITIVE_INFINITY, 2));
        harness.processWatermark(T);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.labelValues()).containsExactly(":tick_p50", "eu");
            assertThat(s.value()).isEqualTo(1.5);
        });
    }

    @Test
    void classicAndNativeInOneGroup_noResult_asPromQlFailsThatEvaluation() throws Exception {
        push(bucket(1, 1, 1));
        push(bucket(1, Double.POSITIVE_INFINITY, 4));
        NativeHistogram h = new NativeHistogram(0, 0, 0, 2, 3, new int[] {1}, new int[] {1}, new double[] {2},
                new int[0], new int[0], new double[0], 0, true);
        push(new RulePartial("acme", 1, new String[] {"eu"}, T, 3, Double.NaN, 0, h));
        harness.processWatermark(T);
        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
