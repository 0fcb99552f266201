package io.mercato.flink.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.testkit.EventBuilder;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class EventSerializerTest {
  static final Event FULL =
      EventBuilder.purchase()
          .id("e-1")
          .user("u-1")
          .item("p-7")
          .ad("ad-3")
          .campaign("spring")
          .category("sports")
          .value(19.99)
          .at("2026-11-24T12:00:00Z")
          .attr("placement", "home")
          .attr("n", 3L)
          .attr("f", 1.5)
          .attr("b", true)
          .build();
  static final Event MINIMAL =
      EventBuilder.view().user("u-2").at("2026-11-24T12:00:01Z").generatedId(true).build();

  @Test
  void roundTripsEveryField() throws IOException {
    for (Event e : new Event[] {FULL, MINIMAL}) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      EventSerializer.INSTANCE.serialize(e, out);
      Event back =
          EventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).isEqualTo(e);
    }
  }

  @Test
  void copiesSerializedFormStreamToStream() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    EventSerializer.INSTANCE.serialize(FULL, out);
    EventSerializer.INSTANCE.serialize(MINIMAL, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    DataOutputSerializer copy = new DataOutputSerializer(64);
    EventSerializer.INSTANCE.copy(in, copy);
    EventSerializer.INSTANCE.copy(in, copy);
    assertThat(copy.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
  }

  @Test
  void snapshotRestoresTheSerializerAndIsCompatibleAsIs() throws IOException {
    TypeSerializerSnapshot<Event> snap = EventSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
    TypeSerializerSnapshot<Event> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(EventSerializer.INSTANCE);
    assertThat(
            EventSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void javaSerializationKeepsTheSingletons() throws Exception {
    TypeSerializer<Event> s = InstantiationUtil.clone(EventSerializer.INSTANCE);
    assertThat(s).isSameAs(EventSerializer.INSTANCE);
    assertThat(InstantiationUtil.clone(EventTypeInfo.INSTANCE)).isSameAs(EventTypeInfo.INSTANCE);
    assertThat(EventTypeInfo.INSTANCE.createSerializer(null)).isSameAs(EventSerializer.INSTANCE);
  }
}
