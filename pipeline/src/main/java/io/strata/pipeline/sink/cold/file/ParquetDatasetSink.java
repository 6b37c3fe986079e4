package io.strata.pipeline.sink.cold.file;

import io.strata.pipeline.sink.cold.ColdDataset;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A Flink {@link FileSink} writing one cold dataset as snappy-compressed Parquet in the layout
 * of docs/CONTRACT.md. Files are rolled at each checkpoint and made visible only when it completes, so
 * a restarted job neither loses nor duplicates rows in a filesystem Flink supports.
 */
public final class ParquetDatasetSink {

    private ParquetDatasetSink() {}

    /**
     * @param basePath e.g. {@code file:///data/strata}
     * @param folder the dataset's folder under the base path, e.g. {@code rejected}, or its prefix
     *     completed by the dataset's {@link ColdDataset#folderField()}, e.g. {@code resolution=}
     */
    public static FileSink<GenericRecord> create(String basePath, String folder, ColdDataset dataset) {
        return FileSink.forBulkFormat(new Path(basePath), writers(dataset, CompressionCodecName.SNAPPY, ParquetWriter.DEFAULT_BLOCK_SIZE))
                .withBucketAssigner(TimePartitionBucketAssigner.of(folder, dataset))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".parquet").build())
                .build();
    }

    /** Parquet writers of one dataset's rows; the S3 sink writes its staging files with them too. */
    public static ParquetWriterFactory<GenericRecord> writers(ColdDataset dataset, CompressionCodecName codec, long rowGroupBytes) {
        String schemaJson = dataset.schema().toString();
        return new ParquetWriterFactory<>(out ->
                AvroParquetWriter.<GenericRecord>builder(out)
                        .withSchema(new Schema.Parser().parse(schemaJson))
                        .withDataModel(GenericData.get())
                        .withCompressionCodec(codec)
                        .withRowGroupSize(rowGroupBytes)
                        .build());
    }
}
