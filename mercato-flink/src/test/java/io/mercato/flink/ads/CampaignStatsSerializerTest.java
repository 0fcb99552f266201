package io.mercato.flink.ads;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.InventorySnapshot;
import io.mercato.core.ads.decide.CampaignStats;
import io.mercato.testkit.EventBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer of campaign statistics: the binary form round trip, deep copies, snapshot restore. */
class CampaignStatsSerializerTest {
  private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  private final InventorySnapshot defs =
      new InventorySnapshot(
          List.of(
              new Campaign(
                  "sale",
                  "Sale",
                  T0.minusSeconds(86_400),
                  T0.plusSeconds(86_400),
                  ZoneOffset.UTC,
                  CampaignStatus.ACTIVE,
                  "EUR",
                  new BigDecimal("1000"),
                  new BigDecimal("100"),
                  null,
                  null,
                  CampaignGoals.NONE,
                  FrequencyCaps.DEFAULTS,
                  0)),
          List.of(
              new Ad(
                  "shoes",
                  "sale",
                  new Creative("Shoes", null, "https://example.com/shoes"),
                  "sports",
                  Set.of("home"),
                  new Bid(BidType.CPC, new BigDecimal("0.5")),
                  AdStatus.ACTIVE,
                  0)),
          c -> null);

  private CampaignStats filled() {
    CampaignStats s = new CampaignStats("sale");
    s.apply(
        EventBuilder.impression().id("1").user("u-1").ad("shoes").at(T0.toString()).build(), defs);
    s.apply(
        EventBuilder.adClick()
            .id("2")
            .user("u-1")
            .ad("shoes")
            .at(T0.plusSeconds(5).toString())
            .build(),
        defs);
    return s;
  }

  @Test
  void roundTripsToTheSameBytesAndCopiesDeeply() throws IOException {
    CampaignStats s = filled();
    assertThat(s.totals().clicks()).isEqualTo(1);
    assertThat(s.totals().spend()).isEqualByComparingTo("0.5");
    DataOutputSerializer out = new DataOutputSerializer(256);
    CampaignStatsSerializer.INSTANCE.serialize(s, out);
    CampaignStats back =
        CampaignStatsSerializer.INSTANCE.deserialize(
            new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back.toByteArray()).isEqualTo(s.toByteArray());
    CampaignStats copy = CampaignStatsSerializer.INSTANCE.copy(s);
    copy.apply(
        EventBuilder.adClick()
            .id("3")
            .user("u-2")
            .ad("shoes")
            .at(T0.plusSeconds(9).toString())
            .build(),
        defs);
    assertThat(s.totals().clicks()).isEqualTo(1);
    assertThat(copy.totals().clicks()).isEqualTo(2);
  }

  @Test
  void snapshotRestoresACompatibleSerializer() throws IOException {
    TypeSerializerSnapshot<CampaignStats> snap =
        CampaignStatsSerializer.INSTANCE.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
    TypeSerializerSnapshot<CampaignStats> read =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    TypeSerializer<CampaignStats> restored = read.restoreSerializer();
    assertThat(restored).isEqualTo(CampaignStatsSerializer.INSTANCE);
    assertThat(
            CampaignStatsSerializer.INSTANCE
                .snapshotConfiguration()
                .resolveSchemaCompatibility(read)
                .isCompatibleAsIs())
        .isTrue();
  }
}
