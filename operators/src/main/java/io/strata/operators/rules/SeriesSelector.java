package io.strata.operators.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A PromQL instant-vector selector: a metric name and further label matchers, applied to label
 * sets kept as parallel name/value arrays.
 */
public record SeriesSelector(String metricName, List<LabelMatcher> matchers) implements Serializable {

    public SeriesSelector {
        Objects.requireNonNull(metricName, "metricName");
        matchers = List.copyOf(matchers);
    }

    /** Whether the series of metric {@code metric} with these labels is selected. */
    public boolean matches(String metric, String[] labelNames, String[] labelValues) {
        if (!metricName.equals(metric)) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matches(valueOf(labelNames, labelValues, m.name()))) {
                return false;
            }
        }
        return true;
    }

    static String valueOf(String[] names, String[] values, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return matchers.isEmpty() ? metricName : metricName + matchers.toString().replace('[', '{').replace(']', '}');
    }
}
