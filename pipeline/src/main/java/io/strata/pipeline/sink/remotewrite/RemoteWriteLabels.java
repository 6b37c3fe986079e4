package io.strata.pipeline.sink.remotewrite;

import io.strata.pipeline.record.Labels;
import io.strata.pipeline.record.Series;
import java.util.Arrays;
import java.util.Comparator;

/** Puts a sample's labels in the order remote_write requires and checks them before anything is sent. */
final class RemoteWriteLabels {

    private RemoteWriteLabels() {}

    /** {@code series} itself if its labels are sorted by name, else the series with sorted copies of them. */
    static Series sorted(Series series) {
        String[] names = series.names();
        for (int i = 1; i < names.length; i++) {
            if (names[i].compareTo(names[i - 1]) < 0) {
                return sortedCopy(series);
            }
        }
        return series;
    }

    /** Why the sorted label set cannot be sent, or {@code null} if it can. */
    static RemoteWriteRejectReason validate(String[] names, String[] values) {
        boolean hasMetricName = false;
        for (int i = 0; i < names.length; i++) {
            if (!isValidLabelName(names[i])) {
                return RemoteWriteRejectReason.INVALID_LABEL_NAME;
            }
            if (i > 0 && names[i].equals(names[i - 1])) {
                return RemoteWriteRejectReason.DUPLICATE_LABEL_NAME;
            }
            if (values[i].isEmpty()) {
                return RemoteWriteRejectReason.EMPTY_LABEL_VALUE;
            }
            if (names[i].equals(Labels.METRIC_NAME)) {
                if (!isValidMetricName(values[i])) {
                    return RemoteWriteRejectReason.INVALID_METRIC_NAME;
                }
                hasMetricName = true;
            }
        }
        return hasMetricName ? null : RemoteWriteRejectReason.INVALID_METRIC_NAME;
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, the Prometheus 2.x label name rule. */
    static boolean isValidLabelName(String name) {
        return matches(name, false);
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}: rollups and recording rules add colons. */
    static boolean isValidMetricName(String name) {
        return matches(name, true);
    }

    private static boolean matches(String name, boolean colons) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')
                    || (colons && c == ':');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Series sortedCopy(Series s) {
        Integer[] order = new Integer[s.names().length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(i -> s.names()[i]));
        String[] names = new String[order.length];
        String[] values = new String[order.length];
        for (int i = 0; i < order.length; i++) {
            names[i] = s.names()[order[i]];
            values[i] = s.values()[order[i]];
        }
        return new Series(s.tenant(), s.id(), names, values);
    }
}
