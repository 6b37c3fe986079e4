package io.strata.jobs;

import io.strata.operators.rollup.Resolution;
import io.strata.pipeline.metrics.Accounting;
import io.strata.pipeline.sink.remotewrite.ReleaseInStepOperator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The closing table of a local run: what was read, where each sample went, what was written. */
final class Summary {

    private Summary() {}

    static long sum(Map<String, Long> counters, String name) {
        return counters.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    static void print(PrintStream out, Map<String, Long> c, Path coldDir, String remoteWriteUrl, double seconds) {
        long accepted = c.getOrDefault(Accounting.SAMPLES_ACCEPTED, 0L);
        long rejected = sum(c, Accounting.SAMPLES_REJECTED);
        out.println();
        out.printf("Finished in %.1f s%n", seconds);
        out.println("  ------------------------------------------------------------");
        row(out, "samples read", accepted + rejected);
        row(out, "  accepted (raw, forwarded)", accepted);
        row(out, "  rejected", rejected);
        labelled(out, c, Accounting.SAMPLES_REJECTED, "    ");
        row(out, "frames decoded", c.getOrDefault(Accounting.FRAMES_DECODED, 0L));
        row(out, "frames rejected whole", sum(c, Accounting.FRAMES_REJECTED));
        labelled(out, c, Accounting.FRAMES_REJECTED, "    ");
        for (Resolution resolution : Resolution.values()) {
            row(out, "rollups written (" + resolution.label() + ")",
                    c.getOrDefault(Accounting.key(Accounting.ROLLUPS_EMITTED, "resolution", resolution.label()), 0L));
        }
        row(out, "rollup corrections (cold only)", sum(c, Accounting.ROLLUP_CORRECTIONS));
        row(out, "late samples (past allowed lateness)", sum(c, Accounting.SAMPLES_LATE));
        row(out, "rollup skipped (raw still written)", sum(c, Accounting.SAMPLES_SKIPPED_BY_ROLLUP));
        labelled(out, c, Accounting.SAMPLES_SKIPPED_BY_ROLLUP, "    ");
        if (c.containsKey(Accounting.RULE_RESULTS_EMITTED)) {
            row(out, "recording rule results written", c.get(Accounting.RULE_RESULTS_EMITTED));
            row(out, "recording rule samples late", c.getOrDefault(Accounting.RULE_SAMPLES_LATE, 0L));
        }
        if (remoteWriteUrl != null) {
            row(out, "remote_write samples sent", c.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_SENT, 0L));
            row(out, "remote_write samples already delivered", c.getOrDefault(Accounting.REMOTE_WRITE_SAMPLES_ALREADY_DELIVERED, 0L));
            row(out, "remote_write samples refused", sum(c, Accounting.REMOTE_WRITE_SAMPLES_REJECTED));
            labelled(out, c, Accounting.REMOTE_WRITE_SAMPLES_REJECTED, "    ");
            row(out, "remote_write retries", c.getOrDefault(Accounting.REMOTE_WRITE_RETRIES, 0L));
            if (c.containsKey(ReleaseInStepOperator.SPREAD_MAX)) {
                row(out, "raw hot event-time spread, largest (s)", c.get(ReleaseInStepOperator.SPREAD_MAX));
                row(out, "raw hot released early (held too many)", c.getOrDefault(ReleaseInStepOperator.RELEASED_EARLY, 0L));
            }
        } else {
            out.println("  remote_write                          off (no Prometheus answered)");
        }
        if (c.getOrDefault(Accounting.CHECKPOINTS_COMPLETED, 0L) > 0) {
            out.printf("  checkpoints: %,d completed; the last %,.1f MB (%,.1f MB in full) in %,d ms%n",
                    c.get(Accounting.CHECKPOINTS_COMPLETED), c.getOrDefault(Accounting.CHECKPOINT_LAST_BYTES, 0L) / 1e6,
                    c.getOrDefault(Accounting.CHECKPOINT_LAST_FULL_BYTES, 0L) / 1e6, c.getOrDefault(Accounting.CHECKPOINT_LAST_DURATION_MS, 0L));
        }
        taskTimes(out, c, seconds);
        if (coldDir != null) {
            for (String dataset : new String[] {"resolution=1m", "resolution=5m", "resolution=1h", "rejected", "late"}) {
                row(out, "parquet files " + dataset, parquetFiles(coldDir.resolve(dataset)));
            }
            out.println("  cold output                           " + coldDir);
        }
        out.println("  ------------------------------------------------------------");
    }

    /** Busy and back-pressured seconds of each task (summed over its subtasks), the busiest first. */
    private static void taskTimes(PrintStream out, Map<String, Long> c, double seconds) {
        Map<String, Long> busy = byLabel(c, Accounting.TASK_BUSY_MS);
        if (busy.isEmpty()) {
            return;
        }
        Map<String, Long> backPressured = byLabel(c, Accounting.TASK_BACK_PRESSURED_MS);
        out.printf("  busy time per task over %.1f s (all subtasks; back-pressured in brackets):%n", seconds);
        busy.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(task -> out.printf(
                "    %7.1f s  (%5.1f s)  %s%n", task.getValue() / 1e3, backPressured.getOrDefault(task.getKey(), 0L) / 1e3, task.getKey()));
    }

    /** The counters named {@code name}, by the value of their one label. */
    private static Map<String, Long> byLabel(Map<String, Long> c, String name) {
        Map<String, Long> values = new TreeMap<>();
        c.forEach((key, value) -> {
            if (key.startsWith(name + "{")) {
                values.put(key.substring(key.indexOf('"') + 1, key.lastIndexOf('"')), value);
            }
        });
        return values;
    }

    private static void labelled(PrintStream out, Map<String, Long> c, String name, String indent) {
        byLabel(c, name).forEach((label, value) -> {
            if (value > 0) {
                row(out, indent + label, value);
            }
        });
    }

    private static void row(PrintStream out, String label, long value) {
        out.printf("  %-36s %,12d%n", label, value);
    }

    static long parquetFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.getFileName().toString().startsWith("."))
                    .count();
        } catch (IOException e) {
            return 0;
        }
    }
}
