package io.strata.pipeline.sink.remotewrite;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongObjectHashMap;
import io.strata.pipeline.record.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One remote_write request's samples: one tenant, each series' samples in timestamp order. Its
 * body is encoded once, on first send, and kept for retries.
 */
final class RemoteWriteBatch {

    private final String tenant;
    private final List<Sample> samples;
    /** Whether this batch is, or comes from, a half of a batch split by timestamp. */
    private final boolean splitByTime;
    private final Function<Sample, byte[]> labelFields;
    private byte[] body;
    private int retries;

    /** @param labelFields a series' labels encoded as remote_write {@code Label} fields ({@link SeriesLabels}) */
    RemoteWriteBatch(String tenant, List<Sample> samples, Function<Sample, byte[]> labelFields) {
        this(tenant, samples, false, labelFields);
    }

    private RemoteWriteBatch(String tenant, List<Sample> samples, boolean splitByTime, Function<Sample, byte[]> labelFields) {
        this.tenant = tenant;
        this.samples = samples;
        this.splitByTime = splitByTime;
        this.labelFields = labelFields;
    }

    String tenant() {
        return tenant;
    }

    List<Sample> samples() {
        return samples;
    }

    int size() {
        return samples.size();
    }

    boolean splitByTime() {
        return splitByTime;
    }

    /** The newest sample timestamp. */
    long newestEpochMillis() {
        long newest = Long.MIN_VALUE;
        for (Sample s : samples) {
            newest = Math.max(newest, s.timestampEpochMillis());
        }
        return newest;
    }

    /** Removes and returns the samples older than {@code cutoffEpochMillis}; call before the first send. */
    List<Sample> removeOlderThan(long cutoffEpochMillis) {
        List<Sample> older = new ArrayList<>();
        samples.removeIf(s -> s.timestampEpochMillis() < cutoffEpochMillis && older.add(s));
        if (!older.isEmpty()) {
            body = null;
        }
        return older;
    }

    byte[] body() {
        if (body == null) {
            body = RemoteWriteRequestEncoder.encode(bySeries(samples), labelFields);
        }
        return body;
    }

    /**
     * The samples grouped by series, each series' samples in their order, so that a series sends
     * its labels once per request rather than once per run of consecutive samples.
     */
    private static List<Sample> bySeries(List<Sample> samples) {
        LongObjectHashMap<List<Sample>> groups = new LongObjectHashMap<>();
        LongArrayList order = new LongArrayList();
        for (Sample s : samples) {
            List<Sample> group = groups.get(s.seriesId());
            if (group == null) {
                group = new ArrayList<>(2);
                groups.put(s.seriesId(), group);
                order.add(s.seriesId());
            }
            group.add(s);
        }
        if (order.size() == samples.size()) {
            return samples;
        }
        List<Sample> grouped = new ArrayList<>(samples.size());
        for (int i = 0; i < order.size(); i++) {
            grouped.addAll(groups.get(order.get(i)));
        }
        return grouped;
    }

    /** Retries so far; the next attempt's backoff grows with it. */
    int retries() {
        return retries;
    }

    void retried() {
        retries++;
    }

    /**
     * Two halves to send one after the other, or {@code null} if this batch cannot be split
     * further: first by series (each series' samples stay whole and in order), then, for a batch
     * of one series and if {@code withinSeries}, by samples (the earlier half first).
     */
    RemoteWriteBatch[] split(boolean withinSeries) {
        LongHashSet series = new LongHashSet();
        LongArrayList order = new LongArrayList();
        for (Sample s : samples) {
            if (series.add(s.seriesId())) {
                order.add(s.seriesId());
            }
        }
        if (order.size() > 1) {
            LongHashSet firstHalf = new LongHashSet();
            for (int i = 0; i < order.size() / 2; i++) {
                firstHalf.add(order.get(i));
            }
            List<Sample> first = new ArrayList<>();
            List<Sample> second = new ArrayList<>();
            for (Sample s : samples) {
                (firstHalf.contains(s.seriesId()) ? first : second).add(s);
            }
            return halves(first, second);
        }
        if (withinSeries && samples.size() > 1) {
            int mid = samples.size() / 2;
            return halves(new ArrayList<>(samples.subList(0, mid)), new ArrayList<>(samples.subList(mid, samples.size())));
        }
        return null;
    }

    /**
     * The samples before the median timestamp and those at or after it (or, when more than half
     * share the oldest timestamp, those at it and those after), the older half first, each
     * series' samples in order; {@code null} if every sample has the same timestamp.
     */
    RemoteWriteBatch[] splitByTimestamp() {
        long[] timestamps = new long[samples.size()];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = samples.get(i).timestampEpochMillis();
        }
        Arrays.sort(timestamps);
        if (timestamps.length == 0 || timestamps[0] == timestamps[timestamps.length - 1]) {
            return null;
        }
        long median = timestamps[timestamps.length / 2];
        long newerFrom = median > timestamps[0] ? median : median + 1;
        List<Sample> older = new ArrayList<>();
        List<Sample> newer = new ArrayList<>();
        for (Sample s : samples) {
            (s.timestampEpochMillis() < newerFrom ? older : newer).add(s);
        }
        return new RemoteWriteBatch[] {new RemoteWriteBatch(tenant, older, true, labelFields), new RemoteWriteBatch(tenant, newer, true, labelFields)};
    }

    private RemoteWriteBatch[] halves(List<Sample> first, List<Sample> second) {
        return new RemoteWriteBatch[] {new RemoteWriteBatch(tenant, first, splitByTime, labelFields),
                new RemoteWriteBatch(tenant, second, splitByTime, labelFields)};
    }

    /** Roughly the uncompressed protobuf size of {@code sample}, whose labels encode to {@code labelBytes}, in a request, for the byte cap. */
    static int estimateBytes(Sample sample, int labelBytes) {
        return labelBytes + (sample.isHistogram() ? 64 + 10 * (sample.histogram().positiveCounts().length
                + sample.histogram().negativeCounts().length) : 20);
    }
}
