package io.strata.pipeline.record;

import io.strata.operators.rollup.HistogramWindowAggregate;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** The type of {@link Rollup} for Flink: serialized by {@link RollupSerializer}, its labels once per series. */
public final class RollupTypeInfo extends SeriesRecordTypeInfo<Rollup> {

    private static final long serialVersionUID = 1L;

    /** Named by {@code @TypeInfo} on {@link Rollup}, so every stream of rollups uses this type. */
    public static final class Factory extends TypeInfoFactory<Rollup> {
        @Override
        public TypeInformation<Rollup> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new RollupTypeInfo();
        }
    }

    RollupTypeInfo() {
        super(Rollup.class);
    }

    @Override
    public TypeSerializer<Rollup> createSerializer(SerializerConfig config) {
        return new RollupSerializer(TypeInformation.of(HistogramWindowAggregate.class).createSerializer(config));
    }
}
