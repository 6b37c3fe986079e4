package io.strata.pipeline.sink.cold.s3;

import java.util.List;

/**
 * A Parquet file uploaded to its final key as an open multipart upload: completing the upload
 * makes the object visible.
 *
 * @param sizeBytes the file's size, by which a re-commit recognises the object already completed
 * @param partETags the ETags of parts 1..n, in order
 */
public record S3Committable(String bucket, String key, String uploadId, long sizeBytes, List<String> partETags) {

    public S3Committable {
        partETags = List.copyOf(partETags);
        if (partETags.isEmpty()) {
            throw new IllegalArgumentException("a multipart upload has at least one part: s3://" + bucket + "/" + key);
        }
    }
}
