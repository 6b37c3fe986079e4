package io.strata.pipeline.sink.cold.s3;

/**
 * What a writer checkpoints: the run id and subtask its files are named with, so that after a
 * restore the multipart uploads that writer started after the checkpoint can be found and aborted.
 */
public record S3WriterState(String runId, int subtask) {

    public S3WriterState {
        if (!PartFileName.isValidRunId(runId)) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
    }
}
