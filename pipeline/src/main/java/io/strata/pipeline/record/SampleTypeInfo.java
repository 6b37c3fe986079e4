package io.strata.pipeline.record;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link Sample} for Flink: serialized by {@link SampleSerializer}, its labels once per series. */
public final class SampleTypeInfo extends TypeInformation<Sample> {

    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link Sample}, so every stream and state of samples uses this type. */
    public static final class Factory extends TypeInfoFactory<Sample> {
        @Override
        public TypeInformation<Sample> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SampleTypeInfo();
        }
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Sample> getTypeClass() {
        return Sample.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Sample> createSerializer(SerializerConfig config) {
        return new SampleSerializer(TypeInformation.of(NativeHistogram.class).createSerializer(config));
    }

    /** Flink 1.20 still declares this one abstract; it is only the older way in to the one above. */
    @Override
    @Deprecated
    public TypeSerializer<Sample> createSerializer(ExecutionConfig config) {
        return createSerializer(config.getSerializerConfig());
    }

    @Override
    public String toString() {
        return "SampleTypeInfo";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleTypeInfo;
    }

    @Override
    public int hashCode() {
        return SampleTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SampleTypeInfo;
    }
}
