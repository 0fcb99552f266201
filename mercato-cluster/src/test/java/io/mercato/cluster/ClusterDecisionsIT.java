package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisKeys;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/decisions} on two cluster API nodes sharing Kafka, Redis and the campaign database:
 * concurrent decisions for one user, half on each node, never exceed the campaign's frequency caps;
 * every served ad's impression is in Kafka under its {@code impression_id}; and when Kafka refuses
 * the impressions, the reservations are given back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDecisionsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int AD_PER_HOUR = 2;
  private static final int CAMPAIGN_PER_HOUR = 3;
  @TempDir static Path dir;
  static KafkaBroker broker;
  static RedisServer redis;
  static ClusterFixture.Node a;
  static ClusterFixture.Node b;
  static int served;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaBroker.start(dir.resolve("kafka"));
    broker.createTopic(KafkaSettings.DEFAULT_TOPIC, 3);
    broker.createTopic(KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC, 1);
    redis = RedisServer.start();
    ClusterSettings settings =
        ClusterFixture.settings(broker.bootstrap(), redis.uri(), "decisions", dir);
    a = ClusterFixture.Node.start(settings);
    b = ClusterFixture.Node.start(settings);
    ok(
        a.http()
            .put(
                "/v1/campaigns/sale",
                """
        {"name": "Sale", "start": "2026-11-23T12:30:00Z", "end": "2026-11-25T12:30:00Z", "time_zone": "UTC",
         "status": "active", "currency": "EUR", "total_budget": 1000, "daily_budget": 500,
         "frequency_caps": {"ad_per_hour": %d, "ad_per_day": 5, "campaign_per_hour": %d, "campaign_per_day": 10}}
        """
                    .formatted(AD_PER_HOUR, CAMPAIGN_PER_HOUR)));
    ok(
        a.http()
            .put(
                "/v1/ads/shoes",
                """
        {"campaign_id": "sale", "creative": {"title": "Shoes", "landing_url": "https://shop.example.com/shoes"},
         "category": "sports", "placements": ["home"], "bid": {"type": "cpc", "amount": "0.50"}, "status": "active"}
        """));
    ok(
        a.http()
            .put(
                "/v1/ads/socks",
                """
        {"campaign_id": "sale", "creative": {"title": "Socks", "landing_url": "https://shop.example.com/socks"},
         "category": "sports", "placements": ["home"], "bid": {"type": "cpm", "amount": 4}, "status": "active"}
        """));
    // node b reads the shared database every second: wait until it knows the ads
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (b.http().get("/v1/decisions/check?user_id=nobody&ad_id=socks").statusCode() == 404) {
      assertThat(System.nanoTime()).as("node b never saw the ads").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, redis, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  @Order(1)
  void concurrentDecisionsOnTwoNodesNeverExceedTheCaps() throws Exception {
    for (int round = 0; round < 8; round++) {
      String user = "u-" + round;
      ConcurrentLinkedQueue<JsonNode> ads = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Http http = (i % 2 == 0 ? a : b).http();
        Thread t =
            new Thread(
                () -> {
                  try {
                    go.await();
                    HttpResponse<String> r =
                        http.get("/v1/decisions?user_id=" + user + "&placement=home");
                    if (r.statusCode() != 200) {
                      failures.add(r.statusCode() + " " + r.body());
                      return;
                    }
                    JSON.readTree(r.body()).path("ads").forEach(ads::add);
                  } catch (InterruptedException | IOException e) {
                    failures.add(e.toString());
                  }
                });
        t.start();
        threads.add(t);
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failures).as("failed requests").isEmpty();
      Map<String, Integer> perAd = new HashMap<>();
      ads.forEach(ad -> perAd.merge(ad.path("ad_id").asText(), 1, Integer::sum));
      assertThat(ads).as("round %d: campaign cap per hour", round).hasSize(CAMPAIGN_PER_HOUR);
      int r = round;
      perAd.forEach(
          (ad, n) ->
              assertThat(n).as("round %d: %s per hour", r, ad).isLessThanOrEqualTo(AD_PER_HOUR));
      served += ads.size();

      JsonNode check =
          JSON.readTree(
              b.http().get("/v1/decisions/check?user_id=" + user + "&ad_id=socks").body());
      assertThat(check.path("eligible").asBoolean()).isFalse();
      assertThat(check.path("reasons").get(0).asText())
          .contains("maximum number of times this hour");
    }
  }

  @Test
  @Order(2)
  void everyServedImpressionIsInKafkaUnderItsImpressionId() {
    List<Topics.Read> records =
        Topics.readAll(
            broker.bootstrap(), KafkaSettings.DEFAULT_TOPIC, served, Duration.ofSeconds(30));
    List<JsonNode> impressions =
        records.stream()
            .map(ClusterDecisionsIT::json)
            .filter(e -> e.path("type").asText().equals("impression"))
            .toList();
    assertThat(impressions).hasSize(served);
    assertThat(impressions.stream().map(e -> e.path("event_id").asText()).distinct())
        .hasSize(served);
    for (JsonNode e : impressions) {
      assertThat(e.path("event_id").asText())
          .startsWith(e.path("attributes").path("decision_id").asText() + "-");
      assertThat(e.path("campaign_id").asText()).isEqualTo("sale");
      assertThat(e.path("attributes").path("placement").asText()).isEqualTo("home");
    }
  }

  @Test
  @Order(3)
  void kpisAreServedFromRedisAndUnknownCampaignsAre404() throws Exception {
    HttpResponse<String> k = a.http().get("/v1/campaigns/sale/kpis?window=1h");
    assertThat(k.statusCode()).as(k.body()).isEqualTo(200);
    assertThat(JSON.readTree(k.body()).path("campaign_id").asText()).isEqualTo("sale");
    assertThat(a.http().get("/v1/campaigns/nope/kpis").statusCode()).isEqualTo(404);
  }

  /**
   * Automation on a cluster: a manual action on one node is audited in the shared database (the other
   * node lists it at once), served by that node's decisions at once and by the other's within its
   * refresh, with the campaign's current discount on each ad; an undo through the other node restores it.
   * A rule saved through one node fires once, evaluated by the one node holding the evaluator lease.
   */
  @Test
  @Order(3)
  void actionsOnOneNodeAreAuditedForBothAndDecisionsServeTheCurrentDiscount() throws Exception {
    HttpResponse<String> set =
        a.http()
            .post(
                "/v1/campaigns/sale/actions",
                "application/json",
                "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 20}");
    ok(set);
    JsonNode served =
        JSON.readTree(a.http().get("/v1/decisions?user_id=discount-0&placement=home").body());
    assertThat(served.path("ads").get(0).path("discount").path("value").decimalValue())
        .isEqualByComparingTo("20");
    JsonNode audit = JSON.readTree(b.http().get("/v1/audit?campaign=sale").body());
    assertThat(audit.path("entries").get(0).path("after").asText()).isEqualTo("percent:20");
    awaitDecision(
        b, ads -> ads.size() > 0 && ads.get(0).path("discount").path("value").asInt() == 20);

    HttpResponse<String> pause =
        b.http().post("/v1/campaigns/sale/actions", "application/json", "{\"type\": \"pause\"}");
    ok(pause);
    awaitDecision(a, ads -> ads.size() == 0);
    long pauseId = JSON.readTree(pause.body()).path("audit").get(0).path("id").asLong();
    ok(
        a.http()
            .post(
                "/v1/audit/" + pauseId + "/undo",
                "application/json",
                "{\"reason\": \"resume for the next test\"}"));
    awaitDecision(b, ads -> ads.size() > 0);
    JsonNode overview = JSON.readTree(a.http().get("/v1/overview").body());
    assertThat(overview.path("mode").asText()).isEqualTo("cluster");
    assertThat(overview.path("campaigns").path("active").asInt()).isEqualTo(1);

    // a rule saved through node b is evaluated by the one evaluator of the two nodes, once
    ok(
        b.http()
            .post(
                "/v1/rules",
                "application/json",
                """
        {"id": "raise", "name": "Raise the discount", "scope": {"campaign_ids": ["sale"]}, "window": "10m",
         "condition": "discount < 30.0", "trigger": {"every": "1m"}, "cooldown": "1h",
         "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30}], "mode": "auto"}
        """));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode fired = JSON.readTree(a.http().get("/v1/audit?rule=raise").body()).path("entries");
    while (fired.size() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      fired = JSON.readTree(a.http().get("/v1/audit?rule=raise").body()).path("entries");
    }
    assertThat(fired).as("the rule fired").hasSize(1);
    assertThat(fired.get(0).path("after").asText()).isEqualTo("percent:25");
    Thread.sleep(
        2_500); // more ticks of both nodes' schedulers: still one change (one evaluator, cooldown)
    assertThat(JSON.readTree(b.http().get("/v1/audit?rule=raise").body()).path("entries"))
        .hasSize(1);
    assertThat((holds(a) ? 1 : 0) + (holds(b) ? 1 : 0)).as("lease holders").isEqualTo(1);
  }

  private static int probe;

  private static boolean holds(ClusterFixture.Node node) {
    return node.backend().automation().orElseThrow().holdsLease();
  }

  /** Asks {@code node} for decisions (a new user each time) until its ads satisfy {@code done}. */
  private static void awaitDecision(ClusterFixture.Node node, Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode ads = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          node.http().get("/v1/decisions?user_id=probe-" + (probe++) + "&placement=home");
      ads = JSON.readTree(r.body()).path("ads");
      if (r.statusCode() == 200 && done.test(ads)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("decisions never matched; last ads: " + ads);
  }

  @Test
  @Order(4)
  void whenKafkaRefusesTheImpressionsTheReservationsAreGivenBack() throws Exception {
    try (RedisStateStore store =
        RedisStateStore.connect(
            new RedisConfig(
                List.of(redis.uri()),
                false,
                "decisions",
                RedisConfig.DEFAULT_TTL,
                Duration.ofSeconds(5)))) {
      RedisKeys keys = store.keys();
      byte[] spentBefore = store.await(store.commands().hget(keys.spend("sale"), "total"));
      broker.close();
      HttpResponse<String> r = a.http().get("/v1/decisions?user_id=late-user&placement=home");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(store.await(store.commands().zcard(keys.caps("late-user"))))
          .as("caps given back")
          .isZero();
      assertThat(store.await(store.commands().hget(keys.spend("sale"), "total")))
          .as("spend given back")
          .isEqualTo(spentBefore);
    }
  }

  private static JsonNode json(Topics.Read r) {
    try {
      return JSON.readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
  }
}
