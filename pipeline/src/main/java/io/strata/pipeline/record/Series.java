package io.strata.pipeline.record;

import com.dynatrace.hash4j.hashing.Hashing;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * One series: its tenant, labels (parallel arrays sorted by name, {@code __name__} included) and
 * 64-bit series id, as one immutable value that the samples of the series share from decoding on.
 * What every stage works out from the labels (their wire form, the host and tenant-shard keys) is
 * worked out once per series and kept here, so that a sample costs none of it; stages that keep
 * per-series caches find an entry by this object's identity before comparing labels.
 *
 * <p>Never modify the label arrays. The derived values are computed on first use and published
 * through a volatile write; two threads computing one at once compute the same value.
 */
public final class Series {

    private final String tenant;
    private final long id;
    private final String[] names;
    private final String[] values;
    private volatile byte[] blob;
    private long hostKey;
    private volatile boolean hostKeyKnown;
    private long tenantShardKey;
    private volatile int tenantShards;
    private long key;
    private volatile boolean keyKnown;
    private volatile Memo memo;

    /** What one stage derived from this series, under the key the stage gave it. */
    private record Memo(Object key, Object value) {}

    public Series(String tenant, long id, String[] names, String[] values) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.id = id;
        this.names = Objects.requireNonNull(names, "names");
        this.values = Objects.requireNonNull(values, "values");
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " label names but " + values.length + " values");
        }
    }

    private Series(String tenant, long id, String[] names, String[] values, byte[] blob) {
        this(tenant, id, names, values);
        this.blob = blob;
    }

    public String tenant() {
        return tenant;
    }

    public long id() {
        return id;
    }

    public String[] names() {
        return names;
    }

    public String[] values() {
        return values;
    }

    /** The value of {@code __name__}. */
    public String metricName() {
        return Labels.metricName(names, values);
    }

    /** Whether this is the series of {@code names} and {@code values} of {@code tenant}: the very arrays, or equal ones. */
    public boolean hasLabels(String tenant, String[] names, String[] values) {
        return this.tenant.equals(tenant)
                && (this.names == names && this.values == values || Arrays.equals(this.names, names) && Arrays.equals(this.values, values));
    }

    /** The host of the series: a hash of its tenant and {@code instance} (empty when it has none). */
    public long hostKey() {
        if (!hostKeyKnown) {
            String instance = Labels.get(names, values, "instance");
            hostKey = Hashing.xxh3_64().hashStream().putString(tenant).putString(instance == null ? "" : instance).getAsLong();
            hostKeyKnown = true;
        }
        return hostKey;
    }

    /** The series' key in the rollup stages: {@link SeriesKey#of} its tenant and id. */
    public long key() {
        if (!keyKnown) {
            key = SeriesKey.of(tenant, id);
            keyKnown = true;
        }
        return key;
    }

    /** Which of its tenant's {@code shards} shards the series belongs to, as a key: a hash of tenant and shard. */
    public long tenantShardKey(int shards) {
        if (tenantShards != shards) {
            tenantShardKey = Hashing.xxh3_64().hashStream().putString(tenant).putInt(shardOf(id, shards)).getAsLong();
            tenantShards = shards;
        }
        return tenantShardKey;
    }

    /**
     * What a stage derives from this series and keeps with it, so that it needs no lookup per
     * sample: the value {@code derive} gave under {@code key} (a constant of the stage), derived on
     * first use. One value is kept: a second stage deriving under another key from the same object
     * replaces it (it is derived again when asked for), so this suits what one task's last stage
     * needs, like the remote_write writer's encoded labels. {@code derive} must be a pure function
     * of the series.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Function<Series, T> derive) {
        Memo known = memo;
        if (known != null && known.key == key) {
            return (T) known.value;
        }
        T value = derive.apply(this);
        memo = new Memo(key, value);
        return value;
    }

    /** Which of its tenant's {@code shards} shards series {@code id} belongs to. */
    public static int shardOf(long id, int shards) {
        return (int) Math.floorMod(id, (long) shards);
    }

    /** Tenant, label count, then names and values, in protobuf's wire encoding (varint lengths, UTF-8). */
    byte[] blob() {
        byte[] known = blob;
        if (known == null) {
            known = encode();
            blob = known;
        }
        return known;
    }

    private byte[] encode() {
        int size = CodedOutputStream.computeStringSizeNoTag(tenant) + CodedOutputStream.computeUInt32SizeNoTag(names.length);
        for (int i = 0; i < names.length; i++) {
            size += CodedOutputStream.computeStringSizeNoTag(names[i]) + CodedOutputStream.computeStringSizeNoTag(values[i]);
        }
        byte[] encoded = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(encoded);
        try {
            out.writeStringNoTag(tenant);
            out.writeUInt32NoTag(names.length);
            for (int i = 0; i < names.length; i++) {
                out.writeStringNoTag(names[i]);
                out.writeStringNoTag(values[i]);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("label blob sized " + size + " bytes did not fit its labels", e);
        }
        return encoded;
    }

    /** The series {@code id} whose {@link #blob()} is {@code blob}. */
    static Series decode(long id, byte[] blob) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(blob);
        try {
            String tenant = in.readString();
            int count = in.readUInt32();
            if (count > blob.length) {
                throw new IOException(count + " labels cannot fit in " + blob.length + " bytes");
            }
            String[] names = new String[count];
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                names[i] = in.readString();
                values[i] = in.readString();
            }
            if (!in.isAtEnd()) {
                throw new IOException(blob.length - in.getTotalBytesRead() + " bytes left over");
            }
            return new Series(tenant, id, names, values, blob);
        } catch (IOException e) {
            throw new IOException("label blob of series " + id + " is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Series s && id == s.id && hasLabels(s.tenant, s.names, s.values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return Labels.format(names, values) + " (tenant " + tenant + ")";
    }
}
