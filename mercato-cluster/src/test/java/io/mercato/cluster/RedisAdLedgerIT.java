package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdRules;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignRules;
import io.mercato.core.ads.decide.CapCheck;
import io.mercato.core.ads.decide.Pacing;
import io.mercato.core.ads.segment.SegmentCompiler;
import io.mercato.core.event.EventLimits;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.testkit.infra.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Caps and budget of the cluster runtime hold under concurrency, on a single Redis and on a Redis
 * Cluster (where the user's and the campaign's keys sit in different slots): many threads, standing
 * for many API nodes, reserve at once, and exactly as many impressions as the cap or budget allows
 * are recorded.
 */
class RedisAdLedgerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-24T12:30:00Z");
  static RedisServer single;
  static RedisServer cluster;
  static List<RedisStateStore> stores = new ArrayList<>();

  @BeforeAll
  static void start() {
    single = RedisServer.start();
    cluster = RedisServer.startCluster(3);
  }

  @AfterAll
  static void stop() {
    stores.forEach(RedisStateStore::close);
    if (single != null) {
      single.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static Stream<String> redis() {
    return Stream.of("single", "cluster");
  }

  /** A ledger over the named Redis, with a key prefix of its own. */
  static RedisAdLedger ledger(String which, String prefix) {
    RedisConfig config =
        which.equals("single")
            ? new RedisConfig(
                List.of(single.uri()),
                false,
                prefix,
                RedisConfig.DEFAULT_TTL,
                Duration.ofSeconds(5))
            : new RedisConfig(
                cluster.uris(), true, prefix, RedisConfig.DEFAULT_TTL, Duration.ofSeconds(5));
    RedisStateStore store = RedisStateStore.connect(config);
    stores.add(store);
    // a head start of a whole day: today's allowance is the whole daily budget, whatever the hour
    return new RedisAdLedger(store, new Pacing(Duration.ofHours(24)));
  }

  static Campaign campaign(String id, String totalBudget) {
    return new CampaignRules(EventLimits.defaults(), new SegmentCompiler())
        .read(
            json(
                """
        {"name": "Sale", "start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z", "status": "active",
         "currency": "EUR", "total_budget": %1$s, "daily_budget": %1$s,
         "frequency_caps": {"ad_per_hour": 3, "ad_per_day": 10, "campaign_per_hour": 5, "campaign_per_day": 20}}
        """
                    .formatted(totalBudget)),
            id,
            NOW.toEpochMilli());
  }

  /** A CPM ad: 10 per thousand, so 0.01 per impression. */
  static Ad ad(String id, String campaignId) {
    return new AdRules(EventLimits.defaults())
        .read(
            json(
                """
        {"campaign_id": "%s", "creative": {"title": "t", "landing_url": "https://shop.example/"},
         "placements": ["home"], "bid": {"type": "cpm", "amount": "10"}}
        """
                    .formatted(campaignId)),
            id,
            NOW.toEpochMilli());
  }

  static ObjectNode json(String s) {
    try {
      return (ObjectNode) JSON.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code task(thread, i)} {@code perThread} times on each of {@code threads} threads, all released at once. */
  static void concurrently(int threads, int perThread, Task task) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    ConcurrentMap<Integer, Throwable> failures = new ConcurrentHashMap<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    task.run(thread, i);
                  }
                } catch (Throwable e) {
                  failures.put(thread, e);
                }
              });
      th.start();
      all.add(th);
    }
    go.countDown();
    for (Thread th : all) {
      th.join();
    }
    assertThat(failures).isEmpty();
  }

  interface Task {
    void run(int thread, int i) throws Exception;
  }

  @ParameterizedTest
  @MethodSource("redis")
  void concurrentReservationsNeverExceedAUsersCaps(String which) throws InterruptedException {
    RedisAdLedger ledger = ledger(which, "caps-" + which);
    Campaign c = campaign("spring", "1000");
    Ad a1 = ad("a1", "spring");
    Ad a2 = ad("a2", "spring");
    AtomicInteger servedA1 = new AtomicInteger();
    AtomicInteger servedA2 = new AtomicInteger();
    concurrently(
        8,
        10,
        (t, i) -> {
          Ad ad = i % 2 == 0 ? a1 : a2;
          CapCheck r = ledger.reserve("u-1", ad, c, NOW, "e-" + t + "-" + i);
          if (r == CapCheck.OK) {
            (ad == a1 ? servedA1 : servedA2).incrementAndGet();
          }
        });
    // ad_per_hour 3 for each ad, and campaign_per_hour 5 over both
    assertThat(servedA1.get()).isLessThanOrEqualTo(3);
    assertThat(servedA2.get()).isLessThanOrEqualTo(3);
    assertThat(servedA1.get() + servedA2.get()).isEqualTo(5);
    assertThat(ledger.reserve("u-1", a1, c, NOW, "late"))
        .isIn(CapCheck.AD_PER_HOUR, CapCheck.CAMPAIGN_PER_HOUR);
    // another user is not affected, and an hour later the hourly caps have room again
    assertThat(ledger.reserve("u-2", a1, c, NOW, "other")).isEqualTo(CapCheck.OK);
    assertThat(ledger.reserve("u-1", a1, c, NOW.plus(Duration.ofMinutes(61)), "next-hour"))
        .isEqualTo(CapCheck.OK);
  }

  @ParameterizedTest
  @MethodSource("redis")
  void concurrentReservationsNeverExceedTheBudget(String which) throws InterruptedException {
    RedisAdLedger ledger = ledger(which, "budget-" + which);
    Campaign c = campaign("tiny", "1.00"); // 100 impressions at 0.01
    Ad ad = ad("t1", "tiny");
    AtomicInteger served = new AtomicInteger();
    AtomicInteger overBudget = new AtomicInteger();
    concurrently(
        8,
        25,
        (t, i) -> {
          CapCheck r = ledger.reserve("u-" + t + "-" + i, ad, c, NOW, "e-" + t + "-" + i);
          if (r == CapCheck.OK) {
            served.incrementAndGet();
          } else if (r == CapCheck.BUDGET) {
            overBudget.incrementAndGet();
          }
        });
    assertThat(served.get()).isEqualTo(100);
    assertThat(overBudget.get()).isEqualTo(100);
    assertThat(ledger.spentMicros("tiny")).isEqualTo(1_000_000);
  }

  @ParameterizedTest
  @MethodSource("redis")
  void aCancelledReservationGivesBackTheCapAndTheSpend(String which) {
    RedisAdLedger ledger = ledger(which, "cancel-" + which);
    Campaign c = campaign("spring", "0.03");
    Ad ad = ad("a1", "spring");
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.reserve("u-1", ad, c, NOW, "e-" + i)).isEqualTo(CapCheck.OK);
    }
    assertThat(ledger.reserve("u-2", ad, c, NOW, "e-3")).isEqualTo(CapCheck.BUDGET);
    assertThat(ledger.reserve("u-1", ad, c, NOW, "e-4")).isEqualTo(CapCheck.AD_PER_HOUR);
    ledger.cancel("u-1", ad, c, NOW, "e-0");
    assertThat(ledger.spentMicros("spring")).isEqualTo(20_000);
    assertThat(ledger.reserve("u-1", ad, c, NOW, "e-5")).isEqualTo(CapCheck.OK);
  }
}
