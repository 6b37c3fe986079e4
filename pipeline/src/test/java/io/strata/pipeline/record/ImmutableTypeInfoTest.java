package io.strata.pipeline.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.operators.policy.RejectReason;
import io.strata.operators.series.MetricKind;
import io.strata.pipeline.sink.cold.ColdDataset;
import java.io.IOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;
import org.junit.jupiter.api.Test;

class ImmutableTypeInfoTest {

    private static final long T = 1_795_000_000_000L;

    private final TypeSerializer<SourceRecord> serializer = SourceRecord.TYPE.createSerializer(new SerializerConfigImpl());

    private static SourceRecord sample() {
        return SourceRecord.of(new Sample("team-a", 42, new String[] {"__name__", "instance"}, new String[] {"cpu_temp", "gs-1"},
                MetricKind.GAUGE, T, 0.5, null, T + 10));
    }

    private static SourceRecord rejected() {
        return SourceRecord.of(new Rejected("team-a", RejectReason.BAD_SERIES, "no __name__", new String[] {"instance"},
                new String[] {"gs-1"}, new String[0], T, T, Double.NaN, 3, 0, "kafka:frames-0@7", T, T));
    }

    @Test
    void sourceRecord_isTheExtractedPojo_withoutItsCopy() {
        SourceRecord record = sample();

        assertThat(SourceRecord.TYPE).isEqualTo(ImmutableTypeInfo.of(SourceRecord.class));
        assertThat(SourceRecord.TYPE.getTypeClass()).isEqualTo(SourceRecord.class);
        assertThat(serializer.copy(record)).isSameAs(record);
        assertThat(serializer.copy(record, rejected())).isSameAs(record);
        assertThat(serializer.isImmutableType()).isTrue();
    }

    @Test
    void serialize_bothKindsOfRecord_roundTripThroughTheSerializerWithin() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample(), out);
        serializer.serialize(rejected(), out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        TypeSerializer<SourceRecord> reader = serializer.duplicate();
        SourceRecord first = reader.deserialize(in);
        SourceRecord second = reader.deserialize(sample(), in);

        assertThat(first.sample()).isEqualTo(sample().sample());
        assertThat(second).isEqualTo(rejected());
        assertThat(in.available()).isZero();
    }

    @Test
    void avroRow_isNotDeepCopied_butSerializedAsAvro() throws IOException {
        ImmutableTypeInfo<GenericRecord> type = ImmutableTypeInfo.of(new GenericRecordAvroTypeInfo(ColdDataset.LATE.schema()));
        TypeSerializer<GenericRecord> rows = type.createSerializer(new SerializerConfigImpl());
        GenericRecord row = new GenericData.Record(ColdDataset.LATE.schema());

        assertThat(rows.copy(row)).isSameAs(row);
        assertThat(type).isEqualTo(ImmutableTypeInfo.of(new GenericRecordAvroTypeInfo(ColdDataset.LATE.schema())))
                .isNotEqualTo(ImmutableTypeInfo.of(new GenericRecordAvroTypeInfo(ColdDataset.REJECTED.schema())));
    }

    @Test
    void snapshot_writtenAndReadBack_restoresTheSameSerializer() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());

        TypeSerializerSnapshot<SourceRecord> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored).isInstanceOf(ImmutableSerializerSnapshot.class);
        TypeSerializerSchemaCompatibility<SourceRecord> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    }

    @Test
    void duplicate_ofAStatefulSerializer_isANewOne() {
        ImmutableTypeInfo<Sample> samples = ImmutableTypeInfo.of(Sample.class);
        TypeSerializer<Sample> serializer = samples.createSerializer(new SerializerConfigImpl());

        assertThat(serializer.duplicate()).isEqualTo(serializer).isNotSameAs(serializer);
    }
}
