package io.mercato.ml.ads;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Creative;
import io.mercato.core.event.Event;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Impressions like the demo's ad loop (mercato-app's DemoAds): the seeded synthetic shop browses
 * (SyntheticTraffic, one event a second), one campaign per category with three CPC ads of true CTR 8%,
 * 4% and 2% for a user who prefers the category and a third of that otherwise, all in
 * {@code home_banner}; every {@code every}-th event an ad drawn uniformly (a logging policy that
 * explores, so every ad has impressions) is shown to the user of that event and clicked with its true
 * CTR.
 */
final class DemoLikeAds {
  static final double[] TRUE_CTR = {0.08, 0.04, 0.02};
  static final String PLACEMENT = "home_banner";

  final List<Event> browsing = new ArrayList<>();
  final List<AdImpression> impressions = new ArrayList<>();
  final List<Ad> ads = new ArrayList<>();
  final long startMillis;

  DemoLikeAds(int events, int every, long seed) {
    ManualClock clock = ManualClock.at("2026-03-01T00:00:00Z");
    startMillis = clock.millis();
    SyntheticTraffic world =
        SyntheticTraffic.builder().seed(seed).clock(clock).users(2_000).build();
    for (String category : world.catalog().categories()) {
      for (int k = 0; k < TRUE_CTR.length; k++) {
        ads.add(
            new Ad(
                "demo-" + category + "-" + (k + 1),
                "demo-" + category,
                new Creative(
                    category + " offer " + (k + 1), null, "https://shop.example.com/" + category),
                category,
                Set.of(PLACEMENT),
                new Bid(BidType.CPC, new BigDecimal("0.40")),
                AdStatus.ACTIVE,
                0));
      }
    }
    SplittableRandom r = new SplittableRandom(seed + 1);
    for (int i = 1; i <= events; i++) {
      clock.advance(Duration.ofSeconds(1));
      Event e = world.next();
      browsing.add(e);
      if (i % every == 0) {
        int n = Integer.parseInt(e.userId().substring(2));
        Ad ad = ads.get(r.nextInt(ads.size()));
        int rank = Integer.parseInt(ad.id().substring(ad.id().lastIndexOf('-') + 1)) - 1;
        boolean likes = world.preferredCategories(n).contains(ad.category());
        double ctr = TRUE_CTR[rank] * (likes ? 1 : 1.0 / 3);
        impressions.add(
            new AdImpression(
                e.userId(), ad.id(), PLACEMENT, e.timestampMillis(), r.nextDouble() < ctr));
      }
    }
  }
}
