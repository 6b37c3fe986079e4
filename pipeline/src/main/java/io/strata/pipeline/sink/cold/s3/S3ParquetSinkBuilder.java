package io.strata.pipeline.sink.cold.s3;

import io.strata.pipeline.sink.cold.ColdDataset;
import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds an {@link S3ParquetSink}; defaults are resolved in {@link #build()}. */
public final class S3ParquetSinkBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(S3ParquetSinkBuilder.class);

    /** Parts of 8 MiB: above S3's 5 MiB minimum, and a file below it is one part. */
    public static final long DEFAULT_PART_SIZE_BYTES = 8L * 1024 * 1024;
    /** A staging file is rolled at about 128 MiB (Parquet's row-group size), besides at every checkpoint. */
    public static final long DEFAULT_MAX_FILE_BYTES = 128L * 1024 * 1024;
    public static final CompressionCodecName DEFAULT_CODEC = CompressionCodecName.SNAPPY;

    private S3ClientSettings client;
    private String basePath;
    private String folder;
    private ColdDataset dataset;
    private CompressionCodecName codec;
    private Long partSizeBytes;
    private Long maxFileBytes;
    private String stagingDirectory;

    S3ParquetSinkBuilder() {}

    /** How to reach the store; default: AWS S3 with the SDK's region and credential chains. */
    public S3ParquetSinkBuilder setClient(S3ClientSettings client) {
        this.client = client;
        return this;
    }

    /** The cold base path, {@code s3://bucket/prefix}. Required. */
    public S3ParquetSinkBuilder setBasePath(String basePath) {
        this.basePath = basePath;
        return this;
    }

    /**
     * The dataset and its folder under the base path, e.g. {@code rejected}, or a prefix completed
     * by the dataset's folder field, e.g. {@code resolution=}. Required.
     */
    public S3ParquetSinkBuilder setDataset(ColdDataset dataset, String folder) {
        this.dataset = dataset;
        this.folder = folder;
        return this;
    }

    /** SNAPPY (default) or ZSTD. */
    public S3ParquetSinkBuilder setCodec(CompressionCodecName codec) {
        this.codec = codec;
        return this;
    }

    /** The multipart part size, at least 5 MiB; a file up to this size is uploaded as one part. Default 8 MiB. */
    public S3ParquetSinkBuilder setPartSizeBytes(long partSizeBytes) {
        this.partSizeBytes = partSizeBytes;
        return this;
    }

    /** A staging file is rolled once it reaches this size; default 128 MiB. */
    public S3ParquetSinkBuilder setMaxFileBytes(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
        return this;
    }

    /** Where the local Parquet files are written before upload; default {@code java.io.tmpdir}/strata-s3-staging. */
    public S3ParquetSinkBuilder setStagingDirectory(String stagingDirectory) {
        this.stagingDirectory = stagingDirectory;
        return this;
    }

    public S3ParquetSink build() {
        sanityCheck();
        S3ParquetSink sink = new S3ParquetSink(
                client == null ? S3ClientSettings.defaults() : client,
                S3Location.parse(basePath),
                folder,
                dataset,
                codec == null ? DEFAULT_CODEC : codec,
                partSizeBytes == null ? DEFAULT_PART_SIZE_BYTES : partSizeBytes,
                maxFileBytes == null ? DEFAULT_MAX_FILE_BYTES : maxFileBytes,
                stagingDirectory == null ? System.getProperty("java.io.tmpdir") + "/strata-s3-staging" : stagingDirectory);
        LOG.info("cold dataset {}: {}", dataset, sink);
        return sink;
    }

    private void sanityCheck() {
        Objects.requireNonNull(basePath, "the base path is required, e.g. setBasePath(\"s3://bucket/strata\")");
        Objects.requireNonNull(dataset, "the dataset is required: setDataset(dataset, folder)");
        Objects.requireNonNull(folder, "the dataset folder is required: setDataset(dataset, folder)");
        if (codec != null && codec != CompressionCodecName.SNAPPY && codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("codec must be SNAPPY or ZSTD, got " + codec);
        }
        if (partSizeBytes != null && partSizeBytes < S3MultipartUploads.MIN_PART_SIZE_BYTES) {
            throw new IllegalArgumentException("part size must be at least 5 MiB (S3's minimum part size), got " + partSizeBytes + " bytes");
        }
        if (maxFileBytes != null && maxFileBytes <= 0) {
            throw new IllegalArgumentException("max file size must be positive, got " + maxFileBytes);
        }
    }
}
