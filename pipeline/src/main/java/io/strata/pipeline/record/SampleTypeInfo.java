package io.strata.pipeline.record;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link Sample} for Flink: serialized by {@link SampleSerializer}, its labels once per series. */
public final class SampleTypeInfo extends SeriesRecordTypeInfo<Sample> {

    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link Sample}, so every stream and state of samples uses this type. */
    public static final class Factory extends TypeInfoFactory<Sample> {
        @Override
        public TypeInformation<Sample> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SampleTypeInfo();
        }
    }

    SampleTypeInfo() {
        super(Sample.class);
    }

    @Override
    public TypeSerializer<Sample> createSerializer(SerializerConfig config) {
        return new SampleSerializer(TypeInformation.of(NativeHistogram.class).createSerializer(config));
    }
}
