package io.strata.pipeline.record;

/** Reads label sets kept as parallel name/value arrays sorted by name. */
public final class Labels {

    public static final String METRIC_NAME = "__name__";

    private Labels() {}

    /** The value of {@code name}, or {@code null} if the set has no such label. */
    public static String get(String[] names, String[] values, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    public static String metricName(String[] names, String[] values) {
        return get(names, values, METRIC_NAME);
    }

    /** PromQL notation: {@code name{a="x", b="y"}}. */
    public static String format(String[] names, String[] values) {
        StringBuilder out = new StringBuilder();
        String metric = metricName(names, values);
        out.append(metric == null ? "" : metric).append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                out.append(", ");
            }
            out.append(names[i]).append("=\"").append(values[i]).append('"');
            first = false;
        }
        return out.append('}').toString();
    }
}
