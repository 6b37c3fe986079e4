package io.strata.tests.architecture.badfixture;

import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/** Breaks {@code STATE_ONLY_FROM_THE_SAVEPOINT_CONTRACT} on purpose: a state of its own. */
public final class StateOutsideTheContract {

    public ValueStateDescriptor<Long> state() {
        return new ValueStateDescriptor<>("unlisted", Types.LONG);
    }
}
