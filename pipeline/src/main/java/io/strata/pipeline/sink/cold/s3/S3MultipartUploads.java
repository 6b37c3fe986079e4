package io.strata.pipeline.sink.cold.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The multipart-upload steps of the S3 sink, over one {@link S3Client}. Not thread-safe. */
final class S3MultipartUploads {

    /** S3's smallest part but the last (EntityTooSmall below it). */
    static final long MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;

    private final S3Client s3;
    private final String sseKmsKeyId;

    S3MultipartUploads(S3Client s3, String sseKmsKeyId) {
        this.s3 = s3;
        this.sseKmsKeyId = sseKmsKeyId;
    }

    /** Starts an upload of {@code file} to {@code key} and uploads all its parts; the object stays invisible. */
    S3Committable upload(Path file, String bucket, String key, long partSizeBytes) throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key).contentType("application/vnd.apache.parquet");
        if (sseKmsKeyId != null) {
            create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sseKmsKeyId);
        }
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        long size = Files.size(file);
        List<String> eTags = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            long offset = 0;
            int part = 1;
            do {
                int length = (int) Math.min(partSizeBytes, size - offset);
                byte[] bytes = in.readNBytes(length);
                int partNumber = part;
                eTags.add(s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) length), RequestBody.fromBytes(bytes)).eTag());
                offset += length;
                part++;
            } while (offset < size);
        } catch (IOException | RuntimeException e) {
            abortQuietly(bucket, key, uploadId);
            throw e;
        }
        return new S3Committable(bucket, key, uploadId, size, eTags);
    }

    /**
     * Completes the upload. Answers false if S3 no longer knows the upload (NoSuchUpload), which
     * is the case once it was completed or aborted.
     */
    boolean complete(S3Committable c) {
        List<CompletedPart> parts = new ArrayList<>(c.partETags().size());
        for (int i = 0; i < c.partETags().size(); i++) {
            parts.add(CompletedPart.builder().partNumber(i + 1).eTag(c.partETags().get(i)).build());
        }
        try {
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                    .bucket(c.bucket()).key(c.key()).uploadId(c.uploadId())
                    .multipartUpload(m -> m.parts(parts)).build());
            return true;
        } catch (NoSuchUploadException e) {
            return false;
        }
    }

    /** The size of the object at {@code key}, or -1 if there is none. */
    long objectSize(String bucket, String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    /** Aborts every open upload under {@code prefix} whose key {@code orphan} accepts; returns their keys. */
    List<String> abortWhere(String bucket, String prefix, Predicate<String> orphan) {
        List<MultipartUpload> open = new ArrayList<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().forEach(open::add);
        List<String> aborted = new ArrayList<>();
        for (MultipartUpload upload : open) {
            if (orphan.test(upload.key())) {
                abortQuietly(bucket, upload.key(), upload.uploadId());
                aborted.add(upload.key());
            }
        }
        return aborted;
    }

    private void abortQuietly(String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // Another subtask restoring the same run aborted it first.
        }
    }
}
