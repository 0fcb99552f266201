package io.mercato.flink.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.event.EventLimits;
import io.mercato.core.profile.ProfileConfig;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import io.mercato.core.stats.StatsConfig;
import io.mercato.flink.CoreSettings;
import io.mercato.testkit.EventBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class AggregateSerializerTest {
  static final CoreSettings SETTINGS = CoreSettings.defaults();
  static final List<Event> EVENTS =
      List.of(
          EventBuilder.view()
              .id("1")
              .user("u-1")
              .item("p-1")
              .category("sports")
              .campaign("spring")
              .ad("ad-1")
              .attr("placement", "home")
              .at("2026-11-24T12:00:00Z")
              .build(),
          EventBuilder.purchase()
              .id("2")
              .user("u-1")
              .item("p-1")
              .category("sports")
              .campaign("spring")
              .ad("ad-1")
              .attr("placement", "home")
              .value(12.5)
              .at("2026-11-24T12:00:05Z")
              .build(),
          EventBuilder.click()
              .id("3")
              .user("u-2")
              .item("p-2")
              .category("home")
              .at("2026-11-24T12:01:00Z")
              .build());

  /** An aggregate of every kind, each fed the events routed to it. */
  static Aggregate<?> filled(StateKind kind) {
    KeyedAggregates ka = SETTINGS.aggregates();
    Aggregate<?> agg = null;
    for (Event e : EVENTS) {
      for (StateKey k : ka.keysOf(e)) {
        if (k.kind() == kind) {
          if (agg == null) {
            agg = ka.create(k);
          }
          agg.apply(e);
          break;
        }
      }
    }
    return agg;
  }

  @Test
  void roundTripsEveryKindToTheSameBytes() throws IOException {
    for (StateKind kind : StateKind.values()) {
      if (!kind.isAggregate() || kind == StateKind.CAMPAIGN_ADS) {
        continue; // recommendation values (RecoServingForms, pinned in ServingRecoViewTest) and
        // CampaignStats (its own serializer, CampaignStatsSerializerTest)
      }
      Aggregate<?> agg = filled(kind);
      assertThat(agg).as("%s aggregate", kind).isNotNull();
      AggregateSerializer s = new AggregateSerializer(kind, SETTINGS);
      DataOutputSerializer out = new DataOutputSerializer(256);
      s.serialize(agg, out);
      Aggregate<?> back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(KeyedAggregates.write(back))
          .as("%s bytes", kind)
          .isEqualTo(KeyedAggregates.write(agg));
    }
  }

  @Test
  void copyIsDeep() {
    Aggregate<?> agg = filled(StateKind.USER);
    AggregateSerializer s = new AggregateSerializer(StateKind.USER, SETTINGS);
    byte[] before = KeyedAggregates.write(agg);
    Aggregate<?> copy = s.copy(agg);
    copy.apply(
        EventBuilder.view().id("9").user("u-1").item("p-9").at("2026-11-24T12:05:00Z").build());
    assertThat(KeyedAggregates.write(agg)).isEqualTo(before);
    assertThat(KeyedAggregates.write(copy)).isNotEqualTo(before);
  }

  @Test
  void snapshotRestoresAnEqualSerializer() throws IOException {
    AggregateSerializer s = new AggregateSerializer(StateKind.CAMPAIGN, SETTINGS);
    TypeSerializerSnapshot<Aggregate<?>> read = roundTrip(s.snapshotConfiguration());
    assertThat(read.restoreSerializer()).isEqualTo(s);
    assertThat(s.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs())
        .isTrue();
  }

  @Test
  void changedDedupHorizonStaysCompatibleButChangedWindowsOrKindDoNot() throws IOException {
    TypeSerializerSnapshot<Aggregate<?>> old =
        roundTrip(new AggregateSerializer(StateKind.ITEM, SETTINGS).snapshotConfiguration());
    CoreSettings otherHorizon = SETTINGS.withDedupHorizon(Duration.ofHours(1));
    CoreSettings otherWindows =
        new CoreSettings(
            new StatsConfig("1m,1h", Duration.ofMinutes(10), 10, ""),
            ProfileConfig.defaults(),
            EventLimits.defaults(),
            Duration.ofHours(24),
            8);
    assertThat(
            new AggregateSerializer(StateKind.ITEM, otherHorizon)
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old)
                .isCompatibleAsIs())
        .isTrue();
    assertThat(
            new AggregateSerializer(StateKind.ITEM, otherWindows)
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old)
                .isIncompatible())
        .isTrue();
    assertThat(
            new AggregateSerializer(StateKind.CATEGORY, SETTINGS)
                .snapshotConfiguration()
                .resolveSchemaCompatibility(old)
                .isIncompatible())
        .isTrue();
  }

  @Test
  void settingsSurviveJavaSerialization() throws Exception {
    CoreSettings copy = InstantiationUtil.clone(SETTINGS);
    assertThat(copy).isEqualTo(SETTINGS);
    assertThat(copy.aggregates().windows().names()).isEqualTo(SETTINGS.windows().names());
  }

  private static TypeSerializerSnapshot<Aggregate<?>> roundTrip(
      TypeSerializerSnapshot<Aggregate<?>> snap) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()),
        AggregateSerializerTest.class.getClassLoader());
  }
}
