package io.mercato.core.ads.decide;

import static io.mercato.core.ads.decide.Fixtures.T0;
import static io.mercato.core.ads.decide.Fixtures.ad;
import static io.mercato.core.ads.decide.Fixtures.campaign;
import static io.mercato.core.ads.decide.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.BidType;
import io.mercato.core.io.BinaryReader;
import io.mercato.core.io.BinaryWriter;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.io.Patch;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ad ledgers an old writer wrote with '?' for unpaired surrogates (issue 13 item 1). */
class AdLedgerLegacyTest {
  static final Pacing PACING = new Pacing(Duration.ofHours(1));

  /** Two campaigns and two users standing for ids with U+D800 and U+DC00 ("c-m"/"c-z", "u-m"/"u-z"). */
  static byte[] written() {
    Fixtures.Inventory inv =
        new Fixtures.Inventory()
            .add(campaign("c-m", "100", "1000"))
            .add(campaign("c-z", "100", "1000"))
            .add(ad("a-m", "c-m", BidType.CPM, "1"))
            .add(ad("a-z", "c-z", BidType.CPM, "1"));
    AdLedger l = new AdLedger(PACING);
    long t = T0.toEpochMilli() + 60_000;
    l.apply(event("e1", "impression", "u-m", "a-m", "c-m", null, t), inv);
    l.apply(event("e2", "impression", "u-z", "a-z", "c-z", null, t + 1), inv);
    l.apply(event("e3", "ad_click", "u-z", "a-z", "c-z", null, t + 2), inv);
    l.reserve("u-m", inv.ad("a-m"), inv.campaign("c-m"), T0.plusSeconds(60), "r1");
    l.reserve("u-z", inv.ad("a-z"), inv.campaign("c-z"), T0.plusSeconds(61), "r2");
    BinaryWriter w = new BinaryWriter();
    l.writeTo(w);
    return w.toByteArray();
  }

  @Test
  void campaignsAndUsersThatBecameOneAddUp() {
    byte[] legacy = written();
    for (String[] p :
        new String[][] {{"c-m", "c-?"}, {"c-z", "c-?"}, {"u-m", "u-?"}, {"u-z", "u-?"}}) {
      legacy = Patch.string(legacy, p[0], p[1]);
    }
    AdLedger l = AdLedger.read(new BinaryReader(legacy), PACING);
    AdLedger original = AdLedger.read(new BinaryReader(written()), PACING);
    long[] m = original.campaignCounts("c-m");
    long[] z = original.campaignCounts("c-z");
    assertThat(l.campaignCounts("c-?")).containsExactly(m[0] + z[0], m[1] + z[1]);
    assertThat(l.totals("c-?").spend())
        .isEqualByComparingTo(original.totals("c-m").spend().add(original.totals("c-z").spend()));
    int[] caps = l.capCounts("u-?", T0.plusSeconds(120)).get("c:c-?");
    int[] capsM = original.capCounts("u-m", T0.plusSeconds(120)).get("c:c-m");
    int[] capsZ = original.capCounts("u-z", T0.plusSeconds(120)).get("c:c-z");
    assertThat(caps[1]).isEqualTo(capsM[1] + capsZ[1]).isPositive();
  }

  @Test
  void aRepeatedCampaignWithoutTheSignatureIsStillCorruption() {
    byte[] damaged = Patch.string(written(), "c-m", "c-z");
    assertThatThrownBy(() -> AdLedger.read(new BinaryReader(damaged), PACING))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("ad ledger lists campaign \"c-z\" twice");
  }
}
