package io.strata.tests.testutils;

import io.strata.operators.rollup.Resolution;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.bench.KafkaBacklog;
import io.strata.pipeline.rollup.RollupToHotSamples;
import io.strata.pipeline.sink.cold.AvroRows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;

/**
 * Compares what a finished run of a {@link KafkaBacklog} left in Prometheus and in the cold
 * dataset with what the backlog holds: every raw sample of every accepted series, every hot 1m
 * and 5m rollup value, exactly one cold row per series and window at 1m, 5m and 1h, and no
 * sample Prometheus refused as out of bounds. The accepted series are those of the cold 1m rows.
 */
public final class ReplayOutputs {

    /** The hot aggregates {@link RollupToHotSamples} writes per kind of series. */
    private static final List<String> GAUGE_AGGREGATES = List.of("min", "max", "sum", "count", "last");
    private static final List<String> COUNTER_AGGREGATES = List.of("increase");
    private static final List<String> HISTOGRAM_AGGREGATES = List.of("count", "sum");
    /** Only for a window whose native-histogram delta holds observations. */
    private static final List<String> HISTOGRAM_QUANTILES = List.of("p50", "p90", "p95", "p99");
    private static final List<String> RESOLUTIONS = List.of("1m", "5m", "1h");
    private static final String OUT_OF_BOUND_METRIC = "prometheus_tsdb_out_of_bound_samples_total";
    /** How many mismatches a report names, of each kind. */
    private static final int EXAMPLES = 5;

    private ReplayOutputs() {}

    /** Expected against found, for one output; {@code mismatches} names the first few differences. */
    public record Match(String what, long expected, long found, long wrong, List<String> mismatches) {

        public boolean exact() {
            return expected == found && wrong == 0;
        }

        String line() {
            return String.format("  %-34s expected %,10d  found %,10d  %s", what, expected, found,
                    exact() ? "ok" : "MISMATCH (" + wrong + " wrong)");
        }
    }

    /** What {@link #check} found. */
    public record Report(List<Match> matches, long outOfBoundSamples, Map<String, String> rejectedByReason,
            long rollupCorrections, Map<String, Long> lateByResolution, Map<String, String> receiverTsdb,
            List<String> tooOldRanges) {

        /** One block for a log: every match, then the receiver's refusals and the cold rejected rows by reason. */
        public String describe() {
            StringBuilder out = new StringBuilder();
            matches.forEach(m -> out.append(m.line()).append('\n'));
            out.append(String.format("  %-34s %,d%n", "prometheus out-of-bound samples", outOfBoundSamples));
            out.append(String.format("  %-34s %,d%n", "cold rollup corrections (rev > 0)", rollupCorrections));
            out.append("  cold rejected by reason:           ").append(rejectedByReason).append('\n');
            out.append("  cold late samples by resolution:   ").append(lateByResolution).append('\n');
            out.append("  receiver TSDB:                     ").append(receiverTsdb).append('\n');
            tooOldRanges.forEach(range -> out.append("  too old: ").append(range).append('\n'));
            matches.stream().filter(m -> !m.exact())
                    .forEach(m -> out.append("  ").append(m.what()).append(": ").append(m.mismatches()).append('\n'));
            return out.toString();
        }

        public Match match(String what) {
            return matches.stream().filter(m -> m.what().equals(what)).findFirst().orElseThrow();
        }

        /** Asserts that hot and cold are exact and Prometheus refused nothing as out of bounds. */
        public void assertExact() {
            assertExact("");
        }

        /** {@link #assertExact()}, with {@code context} (what happened during the run) first in a failure's message. */
        public void assertExact(String context) {
            assertThat(matches).as("%soutputs of the replay:%n%s", context, describe()).allMatch(Match::exact);
            assertThat(outOfBoundSamples).as("prometheus_tsdb_out_of_bound_samples_total").isZero();
        }
    }

    /** An accepted series, as its cold rows name it. */
    private record Series(long seriesId, String metric, String kind, Map<String, String> labels, int host) {

        String hotKey(String name) {
            Map<String, String> all = new TreeMap<>(labels);
            all.put("__name__", name);
            return PrometheusClient.format(all);
        }
    }

    /**
     * Checks the outputs of {@code backlog}, which the run read whole, in the Prometheus at
     * {@code prometheusUrl} (which received nothing else) and the cold dataset under {@code cold}.
     */
    public static Report check(KafkaBacklog backlog, String prometheusUrl, Path cold) throws IOException, InterruptedException {
        PrometheusClient prometheus = new PrometheusClient(prometheusUrl);
        Map<String, List<GenericRecord>> rows = new HashMap<>();
        for (String resolution : RESOLUTIONS) {
            rows.put(resolution, ParquetFiles.rows(cold.resolve("resolution=" + resolution)));
        }
        Map<Long, Series> series = acceptedSeries(rows.get("1m"));
        Map<Integer, long[]> scrapes = new HashMap<>();
        for (int host = 0; host < backlog.hosts(); host++) {
            scrapes.put(host, backlog.intactScrapeEpochMillis(host));
        }
        // Rollups are stamped at their window's end, up to a 5m window past the backlog's end;
        // 2.42 reads a range [r] at t as t - r <= timestamp <= t.
        long at = backlog.endEpochMillis() + 5 * 60_000;
        String range = ((at - backlog.startEpochMillis()) / 1000 + 60) + "s";

        List<Match> matches = new ArrayList<>();
        Map<String, Long> expectedNames = new TreeMap<>();
        matches.add(rawHot(series, scrapes, prometheus, at, range, expectedNames));
        for (String resolution : List.of("1m", "5m")) {
            matches.add(rollupsHot(series, rows.get(resolution), resolution, prometheus, at, range, expectedNames));
        }
        matches.add(metricNames(expectedNames, prometheus));
        for (String resolution : RESOLUTIONS) {
            matches.add(coldRows(series, scrapes, rows.get(resolution), resolution));
        }
        long corrections = rows.values().stream().flatMap(List::stream).filter(r -> (Integer) r.get("revision") > 0).count();
        return new Report(matches, outOfBoundSamples(prometheusUrl), rejectedByReason(cold), corrections, lateByResolution(cold),
                receiverTsdb(prometheusUrl), tooOldRanges(cold, backlog.startEpochMillis()));
    }

    private static Map<Long, Series> acceptedSeries(List<GenericRecord> rows1m) {
        Map<Long, Series> series = new LinkedHashMap<>();
        for (GenericRecord row : rows1m) {
            series.computeIfAbsent((Long) row.get("series_id"), id -> {
                Map<String, String> labels = new TreeMap<>();
                ((Map<?, ?>) row.get("labels")).forEach((k, v) -> labels.put(k.toString(), v.toString()));
                return new Series(id, row.get("metric").toString(), row.get("kind").toString(), labels, hostOf(labels));
            });
        }
        return series;
    }

    /** GameTelemetryGenerator's hosts are {@code instance="gs-<host>:9100"}. */
    private static int hostOf(Map<String, String> labels) {
        String instance = labels.get("instance");
        return Integer.parseInt(instance.substring("gs-".length(), instance.indexOf(':')));
    }

    /** Every raw sample: per accepted series, one per intact scrape of its host. */
    private static Match rawHot(Map<Long, Series> series, Map<Integer, long[]> scrapes, PrometheusClient prometheus,
            long at, String range, Map<String, Long> expectedNames) throws IOException, InterruptedException {
        Map<String, Long> expected = new TreeMap<>();
        series.values().forEach(s -> expected.put(s.hotKey(s.metric()), (long) scrapes.get(s.host()).length));
        Map<String, Long> found = new TreeMap<>();
        for (String metric : series.values().stream().map(Series::metric).collect(Collectors.toCollection(TreeSet::new))) {
            expectedNames.put(metric, 1L);
            found.putAll(countPerSeries(prometheus, metric, at, range));
        }
        return compare("raw samples (" + expected.size() + " series)", expected, found);
    }

    /** Every hot rollup value: per hot series, one per revision-0 window that gives it. */
    private static Match rollupsHot(Map<Long, Series> series, List<GenericRecord> rows, String resolution,
            PrometheusClient prometheus, long at, String range, Map<String, Long> expectedNames)
            throws IOException, InterruptedException {
        Map<String, Long> expected = new TreeMap<>();
        Set<String> names = new TreeSet<>();
        for (GenericRecord row : rows) {
            Series s = series.get((Long) row.get("series_id"));
            if (s == null || (Integer) row.get("revision") != 0) {
                continue;
            }
            for (String aggregate : hotAggregates(s.kind(), row)) {
                String name = RollupToHotSamples.hotName(s.metric(), aggregate, resolution);
                names.add(name);
                expected.merge(s.hotKey(name), 1L, Long::sum);
            }
        }
        Map<String, Long> found = new TreeMap<>();
        for (String name : names) {
            expectedNames.put(name, 1L);
            found.putAll(countPerSeries(prometheus, name, at, range));
        }
        return compare("hot " + resolution + " values (" + expected.size() + " series)", expected, found);
    }

    private static List<String> hotAggregates(String kind, GenericRecord row) {
        return switch (kind) {
            case "gauge" -> GAUGE_AGGREGATES;
            case "counter" -> COUNTER_AGGREGATES;
            case "histogram" -> {
                // The "increase" column of a native-histogram row holds its observations (AvroRows).
                Double observations = (Double) row.get("increase");
                List<String> aggregates = new ArrayList<>(HISTOGRAM_AGGREGATES);
                if (observations != null && observations > 0) {
                    aggregates.addAll(HISTOGRAM_QUANTILES);
                }
                yield aggregates;
            }
            default -> throw new IllegalStateException("unknown kind " + kind + " in " + row);
        };
    }

    /** Nothing else reached Prometheus: no rejected metric (PII, off-schema, summaries) and no stray name. */
    private static Match metricNames(Map<String, Long> expectedNames, PrometheusClient prometheus)
            throws IOException, InterruptedException {
        Map<String, Long> found = new TreeMap<>();
        prometheus.labelValues("__name__").forEach(name -> found.put(name, 1L));
        return compare("metric names in Prometheus", expectedNames, found);
    }

    /**
     * Samples per series of metric {@code name} in Prometheus, keyed like {@link Series#hotKey}.
     * One query per name keeps each answer small, and {@code count_over_time} drops the name.
     */
    private static Map<String, Long> countPerSeries(PrometheusClient prometheus, String name, long at, String range)
            throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode s : prometheus.query("count_over_time(" + name + "[" + range + "])", at)) {
            Map<String, String> labels = new TreeMap<>();
            s.get("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.put("__name__", name);
            counts.put(PrometheusClient.format(labels), Long.parseLong(s.get("value").get(1).asText()));
        }
        return counts;
    }

    /** Exactly one row per accepted series and window its host's intact scrapes fall in, no more. */
    private static Match coldRows(Map<Long, Series> series, Map<Integer, long[]> scrapes, List<GenericRecord> rows,
            String resolution) {
        long millis = Resolution.of(resolution).windowMillis();
        Map<String, Long> expected = new TreeMap<>();
        for (Series s : series.values()) {
            for (long scrape : scrapes.get(s.host())) {
                expected.put(s.hotKey(s.metric()) + "@" + Math.floorDiv(scrape, millis) * millis, 1L);
            }
        }
        Map<String, Long> found = new TreeMap<>();
        for (GenericRecord row : rows) {
            Series s = series.get((Long) row.get("series_id"));
            String key = s == null ? "not a 1m series " + row.get("metric") + row.get("labels") : s.hotKey(s.metric());
            found.merge(key + "@" + row.get("window_start"), 1L, Long::sum);
        }
        return compare("cold " + resolution + " rows", expected, found);
    }

    /** Compares counts per key; {@code wrong} counts keys missing, extra or with another count. */
    private static Match compare(String what, Map<String, Long> expected, Map<String, Long> found) {
        List<String> mismatches = new ArrayList<>();
        long wrong = 0;
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(found.keySet());
        for (String key : keys) {
            long want = expected.getOrDefault(key, 0L);
            long got = found.getOrDefault(key, 0L);
            if (want != got) {
                wrong++;
                if (mismatches.size() < EXAMPLES) {
                    mismatches.add(key + " expected " + want + " found " + got);
                }
            }
        }
        long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
        long foundTotal = found.values().stream().mapToLong(Long::longValue).sum();
        return new Match(what, expectedTotal, foundTotal, wrong, mismatches);
    }

    /** Prometheus' own count of samples it refused as older than its head allows; absent until the first one. */
    private static final List<String> RECEIVER_TSDB_METRICS = List.of("prometheus_tsdb_compactions_total",
            "prometheus_tsdb_head_truncations_total", "prometheus_tsdb_head_min_time", "prometheus_tsdb_head_max_time",
            "prometheus_tsdb_lowest_timestamp", "prometheus_tsdb_blocks_loaded");

    private static long outOfBoundSamples(String prometheusUrl) throws IOException, InterruptedException {
        return scrape(prometheusUrl).lines()
                .filter(line -> line.startsWith(OUT_OF_BOUND_METRIC + " ") || line.startsWith(OUT_OF_BOUND_METRIC + "{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String scrape(String prometheusUrl) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The receiver's head and compactions: a head compacted during the run refuses everything
     * older than the compacted block's end, whatever the writer does.
     */
    private static Map<String, String> receiverTsdb(String prometheusUrl) throws IOException, InterruptedException {
        Map<String, String> facts = new TreeMap<>();
        for (String line : scrape(prometheusUrl).lines().toList()) {
            for (String metric : RECEIVER_TSDB_METRICS) {
                if (line.startsWith(metric + " ")) {
                    double value = Double.parseDouble(line.substring(line.indexOf(' ') + 1));
                    facts.put(metric.substring("prometheus_tsdb_".length()), metric.endsWith("_time")
                            ? Instant.ofEpochMilli((long) value).toString() : String.format("%.0f", value));
                }
            }
        }
        return facts;
    }

    /**
     * The samples refused as too old (by the writer or the receiver), by output and answer: how
     * many, the range of their timestamps in minutes after the backlog's start, and of their rows'
     * {@code observed_at}.
     */
    private static List<String> tooOldRanges(Path cold, long startEpochMillis) throws IOException {
        Map<String, TooOld> ranges = new TreeMap<>();
        for (GenericRecord row : ParquetFiles.rows(cold.resolve("rejected"))) {
            if (!"remote_write_too_old".equals(row.get("reason").toString()) || row.get("timestamp") == null) {
                continue;
            }
            String output = row.get("metric").toString().contains(":") ? "derived" : "raw";
            String detail = String.valueOf(row.get("detail"));
            long first = (Long) row.get("timestamp");
            ranges.computeIfAbsent(output + ", " + detail.substring(0, Math.min(60, detail.length())), key -> new TooOld())
                    .add((Long) row.get("samples"), first, row.get("last_timestamp") == null ? first : (Long) row.get("last_timestamp"),
                            (Long) row.get("observed_at"));
        }
        List<String> described = new ArrayList<>();
        ranges.forEach((key, range) -> described.add(String.format("%s: %,d samples at minutes %.1f to %.1f of the backlog,"
                        + " observed_at %s to %s", key, range.samples, (range.first - startEpochMillis) / 60_000.0,
                (range.last - startEpochMillis) / 60_000.0, Instant.ofEpochMilli(range.firstObserved),
                Instant.ofEpochMilli(range.lastObserved))));
        return described;
    }

    /** Too-old rows of one output and answer, summed: their samples, timestamps and observed_at. */
    private static final class TooOld {
        long samples;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstObserved = Long.MAX_VALUE;
        long lastObserved = Long.MIN_VALUE;

        void add(long rowSamples, long rowFirst, long rowLast, long observed) {
            samples += rowSamples;
            first = Math.min(first, rowFirst);
            last = Math.max(last, rowLast);
            firstObserved = Math.min(firstObserved, observed);
            lastObserved = Math.max(lastObserved, observed);
        }
    }

    /** Samples that came after their window closed, by the resolution they missed (none in an in-step replay). */
    private static Map<String, Long> lateByResolution(Path cold) throws IOException {
        Map<String, Long> late = new TreeMap<>();
        for (GenericRecord row : ParquetFiles.rows(cold.resolve("late"))) {
            late.merge(row.get("resolution").toString(), 1L, Long::sum);
        }
        return late;
    }

    /** Samples per reason; a frame rejected whole counts its samples as unknown, so it counts here as one frame. */
    private static Map<String, String> rejectedByReason(Path cold) throws IOException {
        Map<String, long[]> samplesAndFrames = new TreeMap<>();
        for (GenericRecord row : ParquetFiles.rows(cold.resolve("rejected"))) {
            long[] counts = samplesAndFrames.computeIfAbsent(row.get("reason").toString(), reason -> new long[2]);
            counts[0] += (Long) row.get("samples");
            counts[1] += row.get("frame_bytes") == null ? 0 : 1;
        }
        Map<String, String> described = new TreeMap<>();
        samplesAndFrames.forEach((reason, counts) -> described.put(reason,
                counts[1] > 0 ? counts[1] + " frames" : String.format("%,d samples", counts[0])));
        return described;
    }
}
