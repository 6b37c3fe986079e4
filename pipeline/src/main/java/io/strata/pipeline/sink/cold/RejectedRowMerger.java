package io.strata.pipeline.sink.cold;

import io.strata.operators.policy.RejectReason;
import io.strata.pipeline.record.Rejected;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Merges rejections into one row per (tenant, reason, detail, labels, origin, observed hour):
 * samples and frame bytes summed, claimed timestamps kept as a first/last range, the earliest
 * observed time kept (which stays in the same {@code dt=/hour=} partition). Label values and the
 * detail are cut to {@value #MAX_VALUE_CHARS} characters first, so a row's size does not depend
 * on what a producer sent. Frames carry their own origin and so are never merged.
 *
 * <p>Holds at most {@code maxRows} rows; the caller drains it when {@link #isFull()} and at each
 * checkpoint, or keeps to {@link #offer}. Not thread-safe.
 */
public final class RejectedRowMerger {

    /** Label values and details longer than this are cut and marked in rejected rows. */
    static final int MAX_VALUE_CHARS = 256;

    private static final long HOUR_MILLIS = 3_600_000;

    private final int maxRows;
    private final Map<RowKey, Run> runs = new LinkedHashMap<>();

    public RejectedRowMerger(int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        this.maxRows = maxRows;
    }

    /** Adds {@code rejected} to the row of its key, opening one if there is none. */
    public void add(Rejected rejected) {
        RowKey key = keyOf(rejected);
        Run run = runs.get(key);
        if (run == null) {
            runs.put(key, new Run(rejected));
        } else {
            run.add(rejected);
        }
    }

    /**
     * Adds {@code rejected} to the row of its key, or opens one if fewer than {@code maxRows} are
     * open; false if it was not kept because that many are.
     */
    public boolean offer(Rejected rejected) {
        RowKey key = keyOf(rejected);
        Run run = runs.get(key);
        if (run != null) {
            run.add(rejected);
            return true;
        }
        if (isFull()) {
            return false;
        }
        runs.put(key, new Run(rejected));
        return true;
    }

    public boolean isFull() {
        return runs.size() >= maxRows;
    }

    public int size() {
        return runs.size();
    }

    /** Hands every row to {@code out}, in the order the rows were opened, and forgets them. */
    public void drain(Consumer<Rejected> out) {
        runs.forEach((key, run) -> out.accept(run.toRejected(key)));
        runs.clear();
    }

    private static RowKey keyOf(Rejected rejected) {
        return new RowKey(rejected.tenant(), rejected.reason(), truncate(rejected.detail()), rejected.labelNames(),
                truncateAll(rejected.labelValues()), rejected.redactedLabels(), rejected.origin(),
                Math.floorDiv(rejected.observedAtEpochMillis(), HOUR_MILLIS));
    }

    /**
     * {@code value} cut to {@value #MAX_VALUE_CHARS} characters (not splitting a surrogate pair)
     * and marked with how many were cut; {@code null} and short values unchanged.
     */
    static String truncate(String value) {
        if (value == null || value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return value.substring(0, end) + "…(truncated " + (value.length() - end) + " chars)";
    }

    private static String[] truncateAll(String[] values) {
        if (values == null) {
            return null;
        }
        String[] cut = null;
        for (int i = 0; i < values.length; i++) {
            String t = truncate(values[i]);
            if (t != values[i]) {
                cut = cut == null ? values.clone() : cut;
                cut[i] = t;
            }
        }
        return cut == null ? values : cut;
    }

    /** What rows are merged by; arrays compared by content. */
    private record RowKey(String tenant, RejectReason reason, String detail, String[] labelNames, String[] labelValues,
            String[] redactedLabels, String origin, long observedHour) {

        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k
                    && observedHour == k.observedHour
                    && reason == k.reason
                    && tenant.equals(k.tenant)
                    && Objects.equals(detail, k.detail)
                    && Arrays.equals(labelNames, k.labelNames)
                    && Arrays.equals(labelValues, k.labelValues)
                    && Arrays.equals(redactedLabels, k.redactedLabels)
                    && Objects.equals(origin, k.origin);
        }

        @Override
        public int hashCode() {
            int h = Objects.hash(tenant, reason, detail, origin, observedHour);
            h = 31 * h + Arrays.hashCode(labelNames);
            h = 31 * h + Arrays.hashCode(labelValues);
            return 31 * h + Arrays.hashCode(redactedLabels);
        }
    }

    /** The merged figures of one row. */
    private static final class Run {
        long firstTimestamp;
        long lastTimestamp;
        double value;
        long samples;
        long frameBytes;
        long observedAt;
        long brokerTimestamp;

        Run(Rejected r) {
            firstTimestamp = r.timestampEpochMillis();
            lastTimestamp = r.lastTimestampEpochMillis();
            value = r.value();
            samples = r.samples();
            frameBytes = r.frameBytes();
            observedAt = r.observedAtEpochMillis();
            brokerTimestamp = r.brokerTimestampEpochMillis();
        }

        void add(Rejected r) {
            if (r.hasTimestamp()) {
                firstTimestamp = firstTimestamp == Rejected.NO_TIMESTAMP ? r.timestampEpochMillis()
                        : Math.min(firstTimestamp, r.timestampEpochMillis());
            }
            // NO_TIMESTAMP is Long.MIN_VALUE, so max ignores it.
            lastTimestamp = Math.max(lastTimestamp, r.lastTimestampEpochMillis());
            value = Double.NaN;
            samples += r.samples();
            frameBytes += r.frameBytes();
            observedAt = Math.min(observedAt, r.observedAtEpochMillis());
            if (brokerTimestamp != r.brokerTimestampEpochMillis()) {
                brokerTimestamp = Rejected.NO_TIMESTAMP;
            }
        }

        Rejected toRejected(RowKey key) {
            return new Rejected(key.tenant, key.reason, key.detail, key.labelNames, key.labelValues, key.redactedLabels,
                    firstTimestamp, lastTimestamp, value, samples, frameBytes, key.origin, observedAt, brokerTimestamp);
        }
    }
}
