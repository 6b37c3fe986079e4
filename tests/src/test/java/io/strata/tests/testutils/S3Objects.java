package io.strata.tests.testutils;

import io.strata.pipeline.sink.cold.s3.S3ClientSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads back what the S3 sink wrote to the S3Mock of {@link Components#s3Endpoint()}: keys, open uploads, Parquet rows. */
public final class S3Objects implements AutoCloseable {

    /** S3Mock accepts any credentials; these only have to be well-formed. */
    public static final String ACCESS_KEY_ID = "strata-it";
    public static final String SECRET_ACCESS_KEY = "strata-it-secret";

    private final S3Client s3;

    public S3Objects(String endpoint) {
        this.s3 = clientSettings(endpoint).newClient();
    }

    /** Path-style, us-east-1, static test keys: how the tests reach S3Mock. */
    public static S3ClientSettings clientSettings(String endpoint) {
        return S3ClientSettings.builder()
                .setEndpoint(URI.create(endpoint))
                .setPathStyle(true)
                .setRegion("us-east-1")
                .setStaticCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .build();
    }

    public S3Client client() {
        return s3;
    }

    /** The keys of the visible objects under {@code prefix}, sorted. */
    public List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys.stream().sorted().toList();
    }

    /** The keys of the multipart uploads still open under {@code prefix}. */
    public List<String> openUploads(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads().stream()
                .map(MultipartUpload::key).forEach(keys::add);
        return keys;
    }

    /** Downloads every object under {@code prefix} into {@code dir} and reads its Parquet rows. */
    public List<GenericRecord> rows(String bucket, String prefix, Path dir) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        for (String key : keys(bucket, prefix)) {
            Path file = Files.createTempFile(dir, "s3-", ".parquet");
            Files.delete(file);
            s3.getObject(b -> b.bucket(bucket).key(key), file);
            rows.addAll(ParquetFiles.rows(file));
            Files.delete(file);
        }
        return rows;
    }

    /** Downloads every object under {@code prefix} to {@code dir}, keeping the key below the prefix as the path; returns {@code dir}. */
    public Path mirror(String bucket, String prefix, Path dir) throws IOException {
        for (String key : keys(bucket, prefix)) {
            Path file = dir.resolve(key.substring(prefix.length()));
            Files.createDirectories(file.getParent());
            s3.getObject(b -> b.bucket(bucket).key(key), file);
        }
        return dir;
    }

    @Override
    public void close() {
        s3.close();
    }
}
