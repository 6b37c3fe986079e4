package io.strata.pipeline.record;

import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A type whose values are never modified once built, for Flink: serialized as {@code type} is,
 * but not copied at each chained hop. Without object reuse Flink hands every chained operator a
 * copy of each record through its serializer; for a reflective POJO or an Avro record that copy
 * is a deep one, and costs more than the operator's own work when nothing ever writes to it.
 *
 * @param <T> the value type; it and everything it holds must stay unmodified after it is emitted
 */
public final class ImmutableTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> type;

    private ImmutableTypeInfo(TypeInformation<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** {@code type}, its values passed on uncopied. */
    public static <T> ImmutableTypeInfo<T> of(TypeInformation<T> type) {
        return new ImmutableTypeInfo<>(type);
    }

    /** The type Flink extracts for {@code type}, its values passed on uncopied. */
    public static <T> ImmutableTypeInfo<T> of(Class<T> type) {
        return of(TypeInformation.of(type));
    }

    @Override
    public boolean isBasicType() {
        return type.isBasicType();
    }

    @Override
    public boolean isTupleType() {
        return type.isTupleType();
    }

    @Override
    public int getArity() {
        return type.getArity();
    }

    @Override
    public int getTotalFields() {
        return type.getTotalFields();
    }

    @Override
    public Class<T> getTypeClass() {
        return type.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new ImmutableSerializer<>(type.createSerializer(config));
    }

    /** Flink 1.20 still declares this one abstract; it is only the older way in to the one above. */
    @Override
    @Deprecated
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "Immutable(" + type + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImmutableTypeInfo<?> other && type.equals(other.type);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + 7;
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof ImmutableTypeInfo;
    }
}
