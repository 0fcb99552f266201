package io.mercato.bench.harness;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.decide.Decision;
import io.mercato.core.event.Event;
import io.mercato.engine.Engine;
import io.mercato.engine.EngineConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost bomb of issue 13 item 10, measured: one decision over 1,000 active campaigns of one ad each
 * in one placement, every campaign with its own heavy CEL segment (two comprehensions over the
 * user's recent items and categories, about 1,000 estimated steps), for users who match none of them
 * (the worst case: every segment is a candidate) and for users who match all (the best ad wins at
 * once). In-process, one thread, no HTTP: {@code Engine.ads().decide} on a warm JVM, after 100
 * profiles were built from 40 events each. Part of {@code mercato bench decisions}.
 */
final class HeavySegmentsBench {
  static final int CAMPAIGNS = 1_000;
  private static final String PLACEMENT = "heavy";

  /** Decision times, in microseconds, of the users who match no segment and of those who match all. */
  record Result(
      int campaigns,
      long segmentBudget,
      double missP50Us,
      double missP99Us,
      double hitP50Us,
      double hitP99Us,
      int missAds,
      int hitAds,
      Map<String, Integer> missRejected) {}

  private HeavySegmentsBench() {}

  /** A heavy condition of campaign {@code i}: true for users who viewed item {@code hit-i}. */
  static String segment(int i) {
    return "profile.recent_items.exists(x, x == \"hit-"
        + i
        + "\" || x == \"hit-all\") && "
        + "profile.affinity_score.exists(k, k.startsWith(\"c\")) && profile.counts[\"view\"][\"1h\"] >= 1";
  }

  static Result run(boolean quick) throws IOException {
    Path dir = Files.createTempDirectory("mercato-bench-heavy-segments");
    Instant now = Instant.now();
    try (Engine engine =
        Engine.start(
            EngineConfig.defaults(dir), InstantSource.system(), new SimpleMeterRegistry())) {
      if (!engine.awaitReady(Duration.ofMinutes(1))) {
        throw new IllegalStateException("engine not ready: " + engine.status());
      }
      for (int i = 0; i < CAMPAIGNS; i++) {
        Campaign c =
            new Campaign(
                "heavy-" + i,
                "Heavy " + i,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)),
                ZoneOffset.UTC,
                CampaignStatus.ACTIVE,
                "EUR",
                new BigDecimal("1000000"),
                new BigDecimal("100000"),
                null,
                segment(i),
                CampaignGoals.NONE,
                new FrequencyCaps(1_000_000, 1_000_000, 1_000_000, 1_000_000),
                0);
        engine.campaigns().putCampaign(c);
        engine
            .campaigns()
            .putAd(
                new Ad(
                    "heavy-ad-" + i,
                    c.id(),
                    new Creative("Ad " + i, null, "https://shop.example/" + i),
                    "c1",
                    Set.of(PLACEMENT),
                    new Bid(BidType.CPM, BigDecimal.valueOf(100 + i, 2)),
                    AdStatus.ACTIVE,
                    0));
      }
      List<Event> events = new ArrayList<>();
      long t = now.minus(Duration.ofMinutes(30)).toEpochMilli();
      for (int u = 0; u < 100; u++) {
        for (int e = 0; e < 40; e++) {
          String item = u % 2 == 1 && e == 39 ? "hit-all" : "p-" + (u * 40 + e);
          events.add(
              new Event(
                  "ev-" + u + "-" + e,
                  false,
                  "view",
                  "u-" + u,
                  item,
                  null,
                  null,
                  "c" + (e % 8),
                  null,
                  t + e * 1000L,
                  Map.of()));
        }
      }
      engine.ingest(events);
      int rounds = quick ? 2 : 20;
      long[] miss = new long[rounds * 50];
      long[] hit = new long[rounds * 50];
      Decision lastMiss = null;
      Decision lastHit = null;
      for (int warm = 0; warm < (quick ? 20 : 200); warm++) {
        engine.ads().decide("u-" + (warm % 100), PLACEMENT, 1, true);
      }
      for (int r = 0, m = 0, h = 0; r < rounds; r++) {
        for (int u = 0; u < 100; u++) {
          long start = System.nanoTime();
          Decision d = engine.ads().decide("u-" + u, PLACEMENT, 1, true);
          long nanos = System.nanoTime() - start;
          if (u % 2 == 0) {
            miss[m++] = nanos;
            lastMiss = d;
          } else {
            hit[h++] = nanos;
            lastHit = d;
          }
        }
      }
      Arrays.sort(miss);
      Arrays.sort(hit);
      return new Result(
          CAMPAIGNS,
          EngineConfig.defaults(dir).ads().decisionSegmentBudget(),
          us(miss, 0.5),
          us(miss, 0.99),
          us(hit, 0.5),
          us(hit, 0.99),
          lastMiss.ads().size(),
          lastHit.ads().size(),
          lastMiss.rejected());
    } finally {
      DecisionsBench.deleteTree(dir);
    }
  }

  private static double us(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e3;
  }
}
