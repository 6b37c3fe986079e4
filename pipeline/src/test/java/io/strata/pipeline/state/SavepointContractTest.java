package io.strata.pipeline.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipeline.state.SavepointContract.Entry;
import io.strata.pipeline.state.SavepointContract.Scope;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.state.StateDescriptor;
import org.junit.jupiter.api.Test;

class SavepointContractTest {

    private static final Path ARCHITECTURE = Path.of("..", "docs", "ARCHITECTURE.md");

    @Test
    void entries_eachStateOnceByOwner() {
        assertThat(SavepointContract.ENTRIES).extracting(e -> e.uid() + "/" + e.name()).doesNotHaveDuplicates();
    }

    @Test
    void descriptors_eachNamedByAKeyedOrOperatorEntry() throws Exception {
        List<String> listed = SavepointContract.ENTRIES.stream().filter(e -> e.scope() != Scope.SINK).map(Entry::name).toList();
        List<Method> factories = Arrays.stream(SavepointContract.class.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) && StateDescriptor.class.isAssignableFrom(m.getReturnType()))
                .toList();

        assertThat(factories).hasSizeGreaterThanOrEqualTo(14);
        for (Method factory : factories) {
            assertThat(((StateDescriptor<?, ?>) factory.invoke(null)).getName()).as(factory.getName()).isIn(listed);
        }
    }

    @Test
    void architectureDoc_listsExactlyTheEntries() throws IOException {
        List<String> documented = Files.readAllLines(ARCHITECTURE).stream().filter(line -> line.startsWith("| `strata-")).toList();

        assertThat(documented).containsExactlyElementsOf(
                SavepointContract.ENTRIES.stream().map(SavepointContractTest::row).toList());
    }

    private static String row(Entry entry) {
        return "| `%s` | `%s` | %s | `%s` |".formatted(entry.uid(), entry.name(), entry.scope().name().toLowerCase(Locale.ROOT),
                entry.type().getSimpleName());
    }
}
