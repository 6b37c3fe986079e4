package io.strata.pipeline.sink.cold;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The cold datasets, each an Avro schema from {@code schemas/} and a folder under the cold base
 * path: rollups under {@code resolution=<r>/}, the rest under their own name.
 *
 * <p>Rollups are placed by window start, the window being what a row describes. Rejected and
 * late rows are placed by {@code observed_at}, when Strata received the frame: the timestamps a
 * rejected or late sample claims can span centuries and would open a writer and a partition per
 * claimed hour.
 */
public enum ColdDataset {
    ROLLUPS("avro/rollup.avsc", "resolution", "window_start"),
    REJECTED("avro/rejected.avsc", null, "observed_at"),
    LATE("avro/late.avsc", null, "observed_at");

    private final String schemaResource;
    private final String folderField;
    private final String timeField;
    private transient Schema schema;

    ColdDataset(String schemaResource, String folderField, String timeField) {
        this.schemaResource = schemaResource;
        this.folderField = folderField;
        this.timeField = timeField;
    }

    public synchronized Schema schema() {
        if (schema == null) {
            try (InputStream in = ColdDataset.class.getClassLoader().getResourceAsStream(schemaResource)) {
                if (in == null) {
                    throw new IllegalStateException(schemaResource + " is not on the classpath: is strata-schemas missing?");
                }
                schema = new Schema.Parser().parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    /** The field whose value completes the folder name, e.g. {@code resolution} → {@code resolution=5m}; null if none. */
    public String folderField() {
        return folderField;
    }

    /** The field whose UTC date and hour place a row in {@code dt=/hour=}; every row has it. */
    public String timeField() {
        return timeField;
    }
}
