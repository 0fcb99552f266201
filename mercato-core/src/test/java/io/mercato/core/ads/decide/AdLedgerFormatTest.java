package io.mercato.core.ads.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import java.math.BigDecimal;
import java.time.Duration;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

/** Snapshots of earlier releases (ad ledger format version 1) still read, counters in their new places. */
class AdLedgerFormatTest {
  @Test
  void versionOneSnapshotsReadWithTheirCountersUnderTheirCampaign() {
    HllSketch people = new HllSketch(12);
    people.update("u1");
    BinaryWriter out = new BinaryWriter();
    out.writeInt(0x4144_4C47).writeByte(1);
    out.writeInt(1).writeString("c");
    // impressions, clicks, conversions, revenue, spend, over-delivery, day, day spend
    out.writeVarLong(3)
        .writeVarLong(1)
        .writeVarLong(0)
        .writeLong(0)
        .writeVarLong(750_000)
        .writeVarLong(0)
        .writeLong(20_000)
        .writeVarLong(750_000);
    new KpiSeries().writeTo(out);
    out.writeBlob(people.toCompactByteArray());
    out.writeInt(1).writeString("a:x").writeVarLong(3).writeVarLong(1);
    out.writeInt(3)
        .writeString("c:c")
        .writeVarLong(3)
        .writeVarLong(1)
        .writeString("g:")
        .writeVarLong(3)
        .writeVarLong(1)
        .writeString("k:c\u0000sports")
        .writeVarLong(3)
        .writeVarLong(1);
    out.writeInt(0);

    AdLedger l =
        AdLedger.read(new BinaryReader(out.toByteArray()), new Pacing(Duration.ofHours(1)));

    assertThat(l.totals("c"))
        .isEqualTo(
            new CampaignTotals(3, 1, 0, BigDecimal.ZERO, new BigDecimal("0.75"), BigDecimal.ZERO));
    assertThat(l.participants("c")).isEqualTo(1);
    assertThat(l.adCounts("c", "x")).containsExactly(3, 1);
    assertThat(l.adCounts("x")).containsExactly(3, 1);
    assertThat(l.campaignCounts("c")).containsExactly(3, 1);
    assertThat(l.campaignCategoryCounts("c", "sports")).containsExactly(3, 1);
    assertThat(l.globalCounts()).containsExactly(3, 1);
    BinaryWriter again = new BinaryWriter();
    l.writeTo(again);
    AdLedger v2 =
        AdLedger.read(new BinaryReader(again.toByteArray()), new Pacing(Duration.ofHours(1)));
    assertThat(v2.adCounts("c", "x")).containsExactly(3, 1);
    assertThat(v2.globalCounts()).containsExactly(3, 1);
  }
}
