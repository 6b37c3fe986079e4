package io.strata.pipeline.record;

import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** The serializer of {@link ImmutableTypeInfo}: {@code serializer}'s, except that a copy is the value itself. */
public final class ImmutableSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> serializer;

    public ImmutableSerializer(TypeSerializer<T> serializer) {
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    TypeSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        TypeSerializer<T> duplicate = serializer.duplicate();
        return duplicate == serializer ? this : new ImmutableSerializer<>(duplicate);
    }

    @Override
    public T createInstance() {
        return serializer.createInstance();
    }

    @Override
    public T copy(T from) {
        return from;
    }

    @Override
    public T copy(T from, T reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return serializer.getLength();
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        serializer.serialize(record, target);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        return serializer.deserialize(source);
    }

    /** A fresh value: the one to reuse may still be referenced downstream. */
    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return serializer.deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serializer.copy(source, target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImmutableSerializer<?> other && serializer.equals(other.serializer);
    }

    @Override
    public int hashCode() {
        return serializer.hashCode() * 31 + 7;
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new ImmutableSerializerSnapshot<>(this);
    }
}
