package io.strata.pipeline.sink.cold.s3;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of an uploaded file: {@code part-<run>-<subtask>-<checkpoint>-<n>.parquet}.
 *
 * <p>The run id is derived from the job id, the checkpoint the run restored from and the
 * parallelism, so every restore writes names no earlier run used, and an attempt that restores
 * the same checkpoint again reuses the run id and so finds the uploads its predecessor left open.
 * {@code checkpoint} is the id of the checkpoint the file is committed with as the writer expects
 * it (the last one it snapshotted plus one; never more than the real one), so after a restore
 * from checkpoint {@code c}, a run's uploads named with a checkpoint above {@code c} never made it
 * into a completed checkpoint.
 */
public record PartFileName(String runId, int subtask, long checkpointId, int index) {

    private static final Pattern NAME = Pattern.compile("part-([0-9a-f]{12})-(\\d+)-(\\d+)-(\\d+)\\.parquet");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{12}");

    public static String runId(String jobId, long restoredCheckpointId, int parallelism) {
        String seed = jobId + "/" + restoredCheckpointId + "/" + parallelism;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "").substring(0, 12);
    }

    public static boolean isValidRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    /** The name of the object at {@code key}, or null if it is not a part file. */
    public static PartFileName parseKey(String key) {
        Matcher m = NAME.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (!m.matches()) {
            return null;
        }
        return new PartFileName(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return "part-" + runId + "-" + subtask + "-" + checkpointId + "-" + index + ".parquet";
    }
}
