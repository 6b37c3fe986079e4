package io.strata.pipeline.sink.cold;

import io.strata.pipeline.sink.cold.file.TimePartitionBucketAssigner;
import io.strata.pipeline.sink.cold.s3.S3ColdPartitions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;

/**
 * The UTC hours {@code [fromEpochMillis, toEpochMillis)} a backfill rewrites in the cold datasets:
 * a row belongs to it by the time that also places it in {@code dt=/hour=} (a rollup's window
 * start, a rejected or late row's {@code observed_at}), so the range is exactly a set of hour
 * partitions, which a rerun replaces whole.
 */
public record ColdTimeRange(long fromEpochMillis, long toEpochMillis) implements Serializable {

    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

    /** Every dataset folder a backfill writes, relative to the cold base path. */
    public static final List<String> FOLDERS =
            List.of("resolution=1m", "resolution=5m", "resolution=1h", "rejected", "late");

    public ColdTimeRange {
        if (fromEpochMillis % HOUR_MILLIS != 0 || toEpochMillis % HOUR_MILLIS != 0 || toEpochMillis <= fromEpochMillis) {
            throw new IllegalArgumentException("a backfill covers whole UTC hours, from before to, e.g. "
                    + "--from 2026-11-26T10:00:00Z --to 2026-11-26T12:00:00Z; got " + fromEpochMillis + " to " + toEpochMillis);
        }
    }

    /** Whether {@code row} is placed in one of the range's hours, by {@link ColdDataset#timeField()}. */
    public boolean contains(GenericRecord row, ColdDataset dataset) {
        long t = (Long) row.get(dataset.timeField());
        return t >= fromEpochMillis && t < toEpochMillis;
    }

    /** The hour partitions of the range under one dataset folder, e.g. {@code resolution=5m/dt=2026-11-26/hour=10}. */
    public List<Path> partitions(Path base, String folder) {
        List<Path> partitions = new ArrayList<>();
        for (String hour : hourPartitions()) {
            partitions.add(base.resolve(folder).resolve(hour));
        }
        return partitions;
    }

    /** The range's hours as partition folders, e.g. {@code dt=2026-11-26/hour=10}. */
    public List<String> hourPartitions() {
        List<String> hours = new ArrayList<>();
        for (long hour = fromEpochMillis; hour < toEpochMillis; hour += HOUR_MILLIS) {
            hours.add(TimePartitionBucketAssigner.partitionOf(hour));
        }
        return hours;
    }

    /**
     * Deletes the range's hour partitions of every dataset under a local cold base path, so a
     * rerun replaces them; {@code S3ColdPartitions} does the same under an s3:// path.
     */
    public List<Path> deletePartitions(Path base) throws IOException {
        List<Path> deleted = new ArrayList<>();
        for (String folder : FOLDERS) {
            for (Path partition : partitions(base, folder)) {
                if (Files.isDirectory(partition)) {
                    try (Stream<Path> files = Files.walk(partition)) {
                        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                    deleted.add(partition);
                }
            }
        }
        return deleted;
    }
}
