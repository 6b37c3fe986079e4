package io.strata.operators.badfixture;

import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.state.ValueState;

/** Breaks {@code OPERATORS_ARE_PURE} on purpose: Flink state, a file and a byte layout in operators/. */
public final class FlinkInOperators {

    private ValueState<Long> count;

    public long read(Path file) throws IOException {
        return Files.size(file) + count.value();
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count.value());
    }
}
