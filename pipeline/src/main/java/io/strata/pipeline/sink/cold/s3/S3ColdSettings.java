package io.strata.pipeline.sink.cold.s3;

import io.strata.pipeline.sink.cold.ColdDataset;
import java.io.Serializable;
import java.util.Objects;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The settings an {@code s3://} cold path shares across its datasets.
 *
 * @param codec SNAPPY or ZSTD
 * @param stagingDirectory local directory for files before upload; null for the builder's default
 */
public record S3ColdSettings(S3ClientSettings client, CompressionCodecName codec, long partSizeBytes, long maxFileBytes,
        String stagingDirectory) implements Serializable {

    public S3ColdSettings {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(codec, "codec");
    }

    /** AWS S3 with the SDK's chains and the sink builder's defaults. */
    public static S3ColdSettings defaults() {
        return new S3ColdSettings(S3ClientSettings.defaults(), S3ParquetSinkBuilder.DEFAULT_CODEC,
                S3ParquetSinkBuilder.DEFAULT_PART_SIZE_BYTES, S3ParquetSinkBuilder.DEFAULT_MAX_FILE_BYTES, null);
    }

    public S3ParquetSink sink(String basePath, ColdDataset dataset, String folder) {
        S3ParquetSinkBuilder b = S3ParquetSink.builder()
                .setClient(client)
                .setBasePath(basePath)
                .setDataset(dataset, folder)
                .setCodec(codec)
                .setPartSizeBytes(partSizeBytes)
                .setMaxFileBytes(maxFileBytes);
        if (stagingDirectory != null) {
            b.setStagingDirectory(stagingDirectory);
        }
        return b.build();
    }
}
