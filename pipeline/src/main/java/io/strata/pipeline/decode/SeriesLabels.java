package io.strata.pipeline.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.strata.operators.policy.RejectReason;
import java.util.Arrays;

/**
 * The label fields of the series being read, as positions in the frame: hashed and compared
 * whole against the {@link LabelSetCache}; only a label set not seen before has its names and
 * values located (each {@code Label} message read in place) and checked by {@link LabelSetDecoder}.
 * Reused from series to series; not thread-safe.
 */
final class SeriesLabels {

    private static final int TAG_LABEL_NAME = (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_LABEL_VALUE = (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private final DecodeLimits limits;
    private final LabelSetCache cache;
    private final int[] fieldStart;
    private final int[] fieldEnd;
    private final int[] contentStart;
    private final int[] nameOff;
    private final int[] nameLen;
    private final int[] valueOff;
    private final int[] valueLen;
    private byte[] key = new byte[1024];
    private int labels;
    private RejectReason problem;
    private String problemDetail;

    SeriesLabels(DecodeLimits limits, LabelSetCache cache) {
        this.limits = limits;
        this.cache = cache;
        int max = limits.maxLabelsPerSeries();
        fieldStart = new int[max];
        fieldEnd = new int[max];
        contentStart = new int[max];
        nameOff = new int[max];
        nameLen = new int[max];
        valueOff = new int[max];
        valueLen = new int[max];
    }

    void clear() {
        labels = 0;
    }

    /** A label field: from its tag at {@code start}, its message at {@code content} up to {@code end}. Counted beyond the budget, not kept. */
    void add(int start, int content, int end) {
        if (labels < fieldStart.length) {
            fieldStart[labels] = start;
            contentStart[labels] = content;
            fieldEnd[labels] = end;
        }
        labels++;
    }

    /** How many label fields the series has, kept or not. */
    int count() {
        return labels;
    }

    /** Why the last {@link #labelSet} gave none. */
    RejectReason problem() {
        return problem;
    }

    String problemDetail() {
        return problemDetail;
    }

    /**
     * The series' label set, from the cache when its label fields were seen before; {@code null}
     * with {@link #problem()} set when a label is over its budget or not a protobuf message.
     */
    LabelSet labelSet(byte[] buf) {
        int length = 0;
        for (int i = 0; i < labels; i++) {
            length += fieldEnd[i] - fieldStart[i];
        }
        if (key.length < length) {
            key = new byte[Math.max(length, key.length * 2)];
        }
        for (int i = 0, at = 0; i < labels; i++) {
            System.arraycopy(buf, fieldStart[i], key, at, fieldEnd[i] - fieldStart[i]);
            at += fieldEnd[i] - fieldStart[i];
        }
        long hash = LabelSetCache.hash(key, length);
        LabelSet set = cache.get(hash, key, length);
        if (set == null && locateLabels(buf)) {
            set = LabelSetDecoder.decode(buf, nameOff, nameLen, valueOff, valueLen, labels, Arrays.copyOf(key, length));
            cache.put(hash, set);
        }
        return set;
    }


    /** Finds each label's name and value within its field (a {@code Label} message) and checks their lengths. */
    private boolean locateLabels(byte[] buf) {
        for (int i = 0; i < labels; i++) {
            nameLen[i] = 0;
            valueLen[i] = 0;
            nameOff[i] = contentStart[i];
            valueOff[i] = contentStart[i];
            int end = fieldEnd[i];
            at = contentStart[i];
            try {
                while (at < end) {
                    long tag = readVarint(buf, end);
                    if (tag == TAG_LABEL_NAME || tag == TAG_LABEL_VALUE) {
                        int len = readLength(buf, end);
                        if (tag == TAG_LABEL_NAME) {
                            nameOff[i] = at;
                            nameLen[i] = len;
                        } else {
                            valueOff[i] = at;
                            valueLen[i] = len;
                        }
                        at += len;
                    } else {
                        skipField(buf, end, tag);
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                problem = RejectReason.BAD_SERIES;
                problemDetail = "label " + (i + 1) + " is not a valid protobuf message: " + e.getMessage();
                return false;
            }
            if (nameLen[i] > limits.maxLabelNameBytes() || valueLen[i] > limits.maxLabelValueBytes()) {
                problem = RejectReason.LABEL_TOO_LONG;
                problemDetail = "label " + (i + 1) + " has a name of " + nameLen[i] + " or a value of " + valueLen[i]
                        + " bytes; limits " + limits.maxLabelNameBytes() + " and " + limits.maxLabelValueBytes();
                return false;
            }
        }
        return true;
    }

    // A Label message is read in place, without a stream object per label: the position, and three readers.
    private int at;

    private long readVarint(byte[] buf, int end) throws InvalidProtocolBufferException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= end) {
                throw new InvalidProtocolBufferException("truncated varint");
            }
            byte b = buf[at++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new InvalidProtocolBufferException("malformed varint");
    }

    private int readLength(byte[] buf, int end) throws InvalidProtocolBufferException {
        long len = readVarint(buf, end);
        if (len < 0 || len > end - at) {
            throw new InvalidProtocolBufferException("length " + len + " beyond the message");
        }
        return (int) len;
    }

    private void skipField(byte[] buf, int end, long tag) throws InvalidProtocolBufferException {
        int skip;
        switch ((int) (tag & 7)) {
            case WireFormat.WIRETYPE_VARINT -> {
                readVarint(buf, end);
                return;
            }
            case WireFormat.WIRETYPE_FIXED64 -> skip = 8;
            case WireFormat.WIRETYPE_FIXED32 -> skip = 4;
            case WireFormat.WIRETYPE_LENGTH_DELIMITED -> skip = readLength(buf, end);
            default -> throw new InvalidProtocolBufferException("wire type " + (tag & 7) + " in a label");
        }
        if (skip > end - at || (tag >>> 3) == 0) {
            throw new InvalidProtocolBufferException("field beyond the message");
        }
        at += skip;
    }
}
