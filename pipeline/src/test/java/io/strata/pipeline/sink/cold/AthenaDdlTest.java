package io.strata.pipeline.sink.cold;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Athena/Glue DDL in {@code schemas/athena/} has exactly the columns of each dataset's Avro
 * schema (which the Parquet files carry), with the Athena type each Avro type is read as, so the
 * two cannot drift apart.
 */
class AthenaDdlTest {

    private static final Path DDL_DIR = Path.of("..", "schemas", "athena");
    private static final Pattern COLUMNS = Pattern.compile("CREATE EXTERNAL TABLE[^(]*\\((.*?)\\)\\s*PARTITIONED BY \\((.*?)\\)", Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("`([a-z0-9_]+)`\\s+([A-Z]+(?:<[^>]+>)?)");

    @ParameterizedTest
    @EnumSource(ColdDataset.class)
    void ddl_everyAvroColumnWithItsAthenaType_andNoOther(ColdDataset dataset) throws Exception {
        String ddl = Files.readString(DDL_DIR.resolve(dataset.name().toLowerCase(Locale.ROOT) + ".sql"));
        Matcher table = COLUMNS.matcher(ddl);
        assertThat(table.find()).as("CREATE EXTERNAL TABLE ... PARTITIONED BY in %s.sql", dataset).isTrue();

        Map<String, String> expected = new LinkedHashMap<>();
        for (Schema.Field field : dataset.schema().getFields()) {
            expected.put(field.name(), athenaType(field.schema()));
        }
        assertThat(columns(table.group(1))).containsExactlyEntriesOf(expected);

        Map<String, String> partitions = columns(table.group(2));
        assertThat(partitions).containsEntry("dt", "STRING").containsEntry("hour", "STRING");
        assertThat(partitions.keySet()).as("partition keys must not repeat a column (Athena rejects it)")
                .doesNotContainAnyElementsOf(expected.keySet());
        String folder = dataset == ColdDataset.ROLLUPS ? "resolution=${part_resolution}/" : dataset.name().toLowerCase(Locale.ROOT) + "/";
        assertThat(ddl).contains("'storage.location.template' = 's3://example-bucket/strata/" + folder + "dt=${dt}/hour=${hour}/'");
    }

    private static Map<String, String> columns(String definitions) {
        Map<String, String> columns = new LinkedHashMap<>();
        Matcher m = COLUMN.matcher(definitions);
        while (m.find()) {
            columns.put(m.group(1), m.group(2).replace(" ", ""));
        }
        return columns;
    }

    /** How Athena reads the Parquet that parquet-avro writes for an Avro type; nullable unions unwrap. */
    private static String athenaType(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> types = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            assertThat(types).as("a nullable union of one type: %s", schema).hasSize(1);
            return athenaType(types.get(0));
        }
        return switch (schema.getType()) {
            case STRING -> "STRING";
            case INT -> "INT";
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "TIMESTAMP" : "BIGINT";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case MAP -> "MAP<STRING," + athenaType(schema.getValueType()) + ">";
            case ARRAY -> "ARRAY<" + athenaType(schema.getElementType()) + ">";
            default -> throw new AssertionError("no Athena type for Avro " + schema);
        };
    }
}
