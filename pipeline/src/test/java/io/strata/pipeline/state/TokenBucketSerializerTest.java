package io.strata.pipeline.state;

import static io.strata.pipeline.testutils.TestFrames.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.ratelimit.TokenBucket;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class TokenBucketSerializerTest {

    private static final TokenBucketSerializer SERIALIZER = TokenBucketSerializer.INSTANCE;
    private static final double RATE = 100;
    private static final double BURST = 100;

    /** A bucket that took 3 tokens at T0 and one at T0 + 5 ms: 96.5 tokens, clock T0 + 5 ms. */
    private static TokenBucket partlyDrained() {
        TokenBucket bucket = new TokenBucket();
        for (int i = 0; i < 3; i++) {
            bucket.tryAcquire(T0, RATE, BURST);
        }
        bucket.tryAcquire(T0 + 5, RATE, BURST);
        return bucket;
    }

    private static byte[] serialize(TokenBucket bucket) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        SERIALIZER.serialize(bucket, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void serializeDeserialize_partlyDrainedBucket_roundTripsIn16Bytes() throws IOException {
        TokenBucket bucket = partlyDrained();

        byte[] bytes = serialize(bucket);
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TokenBucket read = SERIALIZER.deserialize(in);

        assertThat(bytes).hasSize(SERIALIZER.getLength()).hasSize(16);
        assertThat(in.available()).isZero();
        assertThat(read.tokens()).isEqualTo(96.5);
        assertThat(read.clockEpochMillis()).isEqualTo(T0 + 5);
    }

    @Test
    void serializeDeserialize_unusedBucket_keepsNoClock() throws IOException {
        TokenBucket read = SERIALIZER.deserialize(new DataInputDeserializer(serialize(SERIALIZER.createInstance())));

        assertThat(read.clockEpochMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(read.tryAcquire(T0, RATE, BURST)).isTrue();
        assertThat(read.tokens()).isEqualTo(BURST - 1);
    }

    @Test
    void deserializeWithReuse_partlyDrainedBucket_readsIt() throws IOException {
        TokenBucket read = SERIALIZER.deserialize(new TokenBucket(), new DataInputDeserializer(serialize(partlyDrained())));

        assertThat(read.tokens()).isEqualTo(96.5);
        assertThat(read.clockEpochMillis()).isEqualTo(T0 + 5);
    }

    /**
     * Version 1 (the first release): tokens as a big-endian IEEE double, then the event clock as
     * a big-endian long. Written by hand: 12.25 = 0x4028800000000000; T0 = 1,795,651,200,000 =
     * 0x000001A21526E400.
     */
    @Test
    void deserialize_storedVersion1Bytes_readsTokensAndClock() throws IOException {
        byte[] version1 = HexFormat.of().parseHex("4028800000000000" + "000001a21526e400");

        TokenBucket read = SERIALIZER.deserialize(new DataInputDeserializer(version1));

        assertThat(read.tokens()).isEqualTo(12.25);
        assertThat(read.clockEpochMillis()).isEqualTo(T0);
    }

    @Test
    void serialize_bucket_writesVersion1Layout() throws IOException {
        TokenBucket bucket = SERIALIZER.deserialize(new DataInputDeserializer(
                HexFormat.of().parseHex("4028800000000000000001a21526e400")));

        assertThat(HexFormat.of().formatHex(serialize(bucket))).isEqualTo("4028800000000000000001a21526e400");
    }

    @Test
    void copyStream_serializedBucket_copiesExactly16Bytes() throws IOException {
        byte[] bytes = serialize(partlyDrained());
        DataInputDeserializer in = new DataInputDeserializer(concat(bytes, new byte[] {7}));
        DataOutputSerializer out = new DataOutputSerializer(16);

        SERIALIZER.copy(in, out);

        assertThat(out.getCopyOfBuffer()).isEqualTo(bytes);
        assertThat(in.available()).isEqualTo(1);
    }

    @Test
    void copy_thenAcquireOnOriginal_copyIsIndependent() {
        TokenBucket bucket = partlyDrained();

        TokenBucket copy = SERIALIZER.copy(bucket);
        TokenBucket copyWithReuse = SERIALIZER.copy(bucket, new TokenBucket());
        bucket.tryAcquire(T0 + 5, RATE, BURST);

        assertThat(SERIALIZER.isImmutableType()).isFalse();
        assertThat(copy).isNotSameAs(bucket);
        assertThat(copy.tokens()).isEqualTo(96.5);
        assertThat(copyWithReuse.tokens()).isEqualTo(96.5);
        assertThat(copy.clockEpochMillis()).isEqualTo(T0 + 5);
    }

    @Test
    void snapshot_writtenAndReadBack_isCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());

        TypeSerializerSnapshot<TokenBucket> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(TokenBucketSerializer.Snapshot.class);
        TypeSerializerSchemaCompatibility<TokenBucket> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
    }

    /**
     * The serializer snapshot as a version-1 savepoint stores it: renaming or moving
     * {@link TokenBucketSerializer.Snapshot} would break restores of existing savepoints.
     */
    @Test
    void readVersionedSnapshot_storedVersion1Snapshot_restoresThisSerializer() throws IOException {
        byte[] stored = HexFormat.of().parseHex(STORED_SNAPSHOT_V1);

        TypeSerializerSnapshot<TokenBucket> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(stored), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
        assertThat(SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
    }

    /**
     * {@code writeVersionedSnapshot} of version 1: the class name as modified UTF-8 (length 0x37,
     * "io.strata.pipeline.state.TokenBucketSerializer$Snapshot"), then SimpleTypeSerializerSnapshot's
     * version 3 as an int, and no payload. Captured from commit ae59957.
     */
    private static final String STORED_SNAPSHOT_V1 = "0037"
            + "696f2e7374726174612e706970656c696e652e73746174652e546f6b656e4275636b657453657269616c697a657224536e617073686f74"
            + "00000003";

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
