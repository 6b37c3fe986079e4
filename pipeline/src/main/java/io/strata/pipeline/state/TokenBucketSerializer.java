package io.strata.pipeline.state;

import io.strata.operators.ratelimit.TokenBucket;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializer of a tenant shard's {@link TokenBucket}: 16 bytes, tokens and event clock. */
public final class TokenBucketSerializer extends TypeSerializerSingleton<TokenBucket> {

    private static final long serialVersionUID = 1L;

    public static final TokenBucketSerializer INSTANCE = new TokenBucketSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TokenBucket createInstance() {
        return new TokenBucket();
    }

    @Override
    public TokenBucket copy(TokenBucket from) {
        return from.copy();
    }

    @Override
    public TokenBucket copy(TokenBucket from, TokenBucket reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return 16;
    }

    @Override
    public void serialize(TokenBucket record, DataOutputView target) throws IOException {
        record.writeTo(target);
    }

    @Override
    public TokenBucket deserialize(DataInputView source) throws IOException {
        return TokenBucket.readFrom(source);
    }

    @Override
    public TokenBucket deserialize(TokenBucket reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        target.write(source, 16);
    }

    @Override
    public TypeSerializerSnapshot<TokenBucket> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot: version 1 is tokens (double) then clock (long). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TokenBucket> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
