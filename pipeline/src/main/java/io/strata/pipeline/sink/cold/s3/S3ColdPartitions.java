package io.strata.pipeline.sink.cold.s3;

import io.strata.pipeline.sink.cold.ColdTimeRange;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Deletes the hour partitions of a backfill's range under an s3:// cold path, so a rerun replaces them. */
public final class S3ColdPartitions {

    /** DeleteObjects takes at most 1,000 keys per request. */
    private static final int DELETE_BATCH = 1_000;

    private S3ColdPartitions() {}

    /** Deletes every object of the range's hour partitions of every dataset; returns the partitions that had any. */
    public static List<String> delete(S3ClientSettings settings, String basePath, ColdTimeRange range) {
        S3Location base = S3Location.parse(basePath);
        List<String> deleted = new ArrayList<>();
        try (S3Client s3 = settings.newClient()) {
            for (String folder : ColdTimeRange.FOLDERS) {
                for (String hour : range.hourPartitions()) {
                    String prefix = base.prefix() + folder + "/" + hour + "/";
                    List<ObjectIdentifier> keys = new ArrayList<>();
                    s3.listObjectsV2Paginator(b -> b.bucket(base.bucket()).prefix(prefix)).contents().stream()
                            .map(S3Object::key).forEach(k -> keys.add(ObjectIdentifier.builder().key(k).build()));
                    for (int i = 0; i < keys.size(); i += DELETE_BATCH) {
                        List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + DELETE_BATCH));
                        s3.deleteObjects(b -> b.bucket(base.bucket()).delete(d -> d.objects(batch).quiet(true)));
                    }
                    if (!keys.isEmpty()) {
                        deleted.add(S3Location.SCHEME + "://" + base.bucket() + "/" + prefix);
                    }
                }
            }
        }
        return deleted;
    }
}
