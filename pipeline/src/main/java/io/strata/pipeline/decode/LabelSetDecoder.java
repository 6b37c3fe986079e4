package io.strata.pipeline.decode;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.operators.series.SeriesId;
import io.strata.pipeline.record.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns one series' label bytes into a {@link LabelSet}, checking what every later stage assumes
 * (Prometheus' data model): UTF-8, label names {@code [a-zA-Z_][a-zA-Z0-9_]*} sorted and unique,
 * a metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; a label with an empty value is dropped, as
 * Prometheus drops it. Runs once per distinct label set (see {@link LabelSetCache}).
 */
final class LabelSetDecoder {

    private static final byte[] METRIC_NAME = Labels.METRIC_NAME.getBytes(StandardCharsets.US_ASCII);

    private LabelSetDecoder() {}

    static LabelSet decode(byte[] buf, int[] nameOff, int[] nameLen, int[] valueOff, int[] valueLen, int labels, byte[] wire) {
        RejectReason invalid = null;
        String detail = null;
        int kept = 0;
        int metricAt = -1;
        for (int i = 0; i < labels && invalid == null; i++) {
            if (!isValidUtf8(buf, nameOff[i], nameLen[i]) || !isValidUtf8(buf, valueOff[i], valueLen[i])) {
                invalid = RejectReason.INVALID_UTF8;
                detail = "label " + (i + 1) + " of the series is not valid UTF-8";
            } else if (nameLen[i] == 0) {
                invalid = RejectReason.EMPTY_LABEL_NAME;
            } else if (!isLabelName(buf, nameOff[i], nameLen[i])) {
                invalid = RejectReason.INVALID_LABEL_NAME;
            } else if (i > 0) {
                int order = Arrays.compareUnsigned(buf, nameOff[i - 1], nameOff[i - 1] + nameLen[i - 1], buf, nameOff[i], nameOff[i] + nameLen[i]);
                if (order == 0) {
                    invalid = RejectReason.DUPLICATE_LABEL_NAME;
                } else if (order > 0) {
                    invalid = RejectReason.UNSORTED_LABELS;
                }
            }
        }
        for (int i = 0; i < labels; i++) {
            if (valueLen[i] > 0) {
                kept++;
                if (Arrays.equals(buf, nameOff[i], nameOff[i] + nameLen[i], METRIC_NAME, 0, METRIC_NAME.length)) {
                    metricAt = i;
                }
            }
        }
        if (invalid == null && metricAt < 0) {
            invalid = RejectReason.MISSING_METRIC_NAME;
        }
        if (invalid == null && !isMetricName(buf, valueOff[metricAt], valueLen[metricAt])) {
            invalid = RejectReason.INVALID_METRIC_NAME;
        }
        String[] names = new String[kept];
        String[] values = new String[kept];
        for (int i = 0, k = 0; i < labels; i++) {
            if (valueLen[i] > 0) {
                // Lossy for invalid UTF-8, which only a rejected row (without such values) will show.
                names[k] = new String(buf, nameOff[i], nameLen[i], StandardCharsets.UTF_8);
                values[k++] = new String(buf, valueOff[i], valueLen[i], StandardCharsets.UTF_8);
            }
        }
        if (invalid != null) {
            String why = detail != null ? detail : invalid.label() + " in label names " + String.join(",", names);
            return new LabelSet(wire, names, values, 0, null, null, invalid, why);
        }
        String metric = Labels.metricName(names, values);
        return new LabelSet(wire, names, values, SeriesId.of(names, values), metric, MetricKind.inferFromName(metric), null, null);
    }

    /**
     * Whether {@code buf[off, off+len)} is well-formed UTF-8 (no overlong forms, surrogates or
     * code points above U+10FFFF), as Go's {@code utf8.Valid}, which Prometheus applies. protobuf's
     * own check is not public.
     */
    static boolean isValidUtf8(byte[] buf, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int b = buf[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int lead = b & 0xff;
            int need;
            int min;
            if (lead >= 0xc2 && lead <= 0xdf) {
                need = 1;
                min = 0x80;
            } else if (lead >= 0xe0 && lead <= 0xef) {
                need = 2;
                min = 0x800;
            } else if (lead >= 0xf0 && lead <= 0xf4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= end) {
                return false;
            }
            int cp = lead & (0x3f >> need);
            for (int k = 1; k <= need; k++) {
                int c = buf[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** {@code [a-zA-Z_][a-zA-Z0-9_]*}, the Prometheus 2.x label name rule. */
    static boolean isLabelName(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            byte c = buf[off + i];
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return len > 0;
    }

    /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, the Prometheus 2.x metric name rule. */
    static boolean isMetricName(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            byte c = buf[off + i];
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return len > 0;
    }
}
