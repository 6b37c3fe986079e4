package io.strata.pipeline.sink.cold.s3;

import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes uploaded files visible once their checkpoint completed, by completing their multipart
 * uploads. Idempotent: a committable whose upload S3 no longer knows counts as committed if the
 * object is there with the file's size, which is what a re-commit after a failure finds.
 */
final class S3Committer implements Committer<S3Committable> {

    private static final Logger LOG = LoggerFactory.getLogger(S3Committer.class);

    private final S3Client s3;
    private final S3MultipartUploads uploads;

    S3Committer(S3ClientSettings client) {
        this.s3 = client.newClient();
        this.uploads = new S3MultipartUploads(s3, client.sseKmsKeyId());
    }

    @Override
    public void commit(Collection<CommitRequest<S3Committable>> requests) {
        for (CommitRequest<S3Committable> request : requests) {
            commit(request);
        }
    }

    private void commit(CommitRequest<S3Committable> request) {
        S3Committable c = request.getCommittable();
        try {
            if (uploads.complete(c)) {
                return;
            }
            long size = uploads.objectSize(c.bucket(), c.key());
            if (size == c.sizeBytes()) {
                LOG.info("s3://{}/{} was already committed (upload {} is complete)", c.bucket(), c.key(), c.uploadId());
                request.signalAlreadyCommitted();
                return;
            }
            // The upload is gone and the object is not (or not this file): its rows are lost.
            // Failing is the only honest answer; it happens e.g. when a job is restored from a
            // checkpoint older than the one whose run aborted this upload.
            request.signalFailedWithUnknownReason(new IllegalStateException("cannot commit s3://" + c.bucket() + "/" + c.key()
                    + ": multipart upload " + c.uploadId() + " no longer exists and the object "
                    + (size < 0 ? "is missing" : "has " + size + " bytes, expected " + c.sizeBytes())
                    + "; was the job restored from an older checkpoint, or the upload aborted by a bucket lifecycle rule?"));
        } catch (SdkClientException e) {
            LOG.warn("commit of s3://{}/{} failed, retrying: {}", c.bucket(), c.key(), e.getMessage());
            request.retryLater();
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                LOG.warn("commit of s3://{}/{} failed ({}), retrying: {}", c.bucket(), c.key(), e.statusCode(), e.getMessage());
                request.retryLater();
            } else {
                request.signalFailedWithUnknownReason(e);
            }
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
