package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.agg.Aggregate;
import io.mercato.core.event.Event;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoServingForms;
import io.mercato.core.reco.RecoState;
import io.mercato.core.state.KeyedAggregates;
import io.mercato.core.state.StateKey;
import io.mercato.core.stats.CompositeKey;
import io.mercato.store.redis.RedisConfig;
import io.mercato.store.redis.RedisStateStore;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.infra.RedisServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reads of a cluster API node equal the embedded engine's, byte for byte: the same events go
 * into an embedded engine and, as the Flink job would keep them, into {@link KeyedAggregates} objects
 * whose bytes are written to a real Redis, with the recommendation values the Flink job's reco writer
 * keeps; then every statistics, profile and recommendation endpoint is asked of both
 * servers. The traffic is small enough that every sketch is exact, so shard merges (embedded) and
 * partition merges (cluster) must agree exactly.
 */
class ClusterReadsIT {
  @TempDir static Path dir;
  static RedisServer redis;
  static ClusterFixture.Node cluster;
  static ClusterFixture.Embedded embedded;
  static List<Event> events;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    // Kafka is not used by reads; the producer connects lazily, so an unused address is fine.
    cluster =
        ClusterFixture.Node.start(
            ClusterFixture.settings("127.0.0.1:9", redis.uri(), "reads", dir));
    embedded = ClusterFixture.Embedded.start(dir.resolve("embedded"));

    Instant start = Instant.parse("2026-11-24T11:40:00Z");
    long[] step = {0};
    InstantSource stepping =
        () -> start.plusSeconds(7 * step[0]++); // 7 s apart: several buckets and windows
    events =
        new ArrayList<>(
            SyntheticTraffic.builder()
                .seed(11)
                .clock(stepping)
                .users(30)
                .items(20)
                .categories(4)
                .build()
                .next(400));
    events.addAll(successesWithoutTrials(start.plusSeconds(7 * 399).toEpochMilli()));
    embedded.engine().ingest(events);

    KeyedAggregates layout = ClusterFixture.layout();
    Map<StateKey, Aggregate<?>> state = new LinkedHashMap<>();
    for (Event e : events) {
      for (StateKey k : layout.keysOf(e)) {
        state.computeIfAbsent(k, layout::create).apply(e);
      }
    }
    Map<StateKey, byte[]> bytes = new HashMap<>();
    state.forEach((k, a) -> bytes.put(k, KeyedAggregates.write(a)));
    RecoState reco =
        new RecoState(RecoConfig.defaults()); // as the Flink job's recommendation writer
    reco.trackChanges();
    events.forEach(reco::apply);
    bytes.putAll(RecoServingForms.changed(reco, reco.drainChanges()));
    try (RedisStateStore store =
        RedisStateStore.connect(
            new RedisConfig(
                List.of(redis.uri()),
                false,
                "reads",
                RedisConfig.DEFAULT_TTL,
                Duration.ofSeconds(5)))) {
      store.writeStates(bytes);
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cluster, embedded, redis}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** The most frequent non-null value of {@code field} in the traffic. */
  private static String busiest(Function<Event, String> field) {
    return events.stream()
        .map(field)
        .filter(v -> v != null)
        .collect(Collectors.groupingBy(v -> v, Collectors.counting()))
        .entrySet()
        .stream()
        .max(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .orElseThrow()
        .getKey();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void assertSameAnswer(String path) {
    HttpResponse<String> expected = embedded.http().get(path);
    HttpResponse<String> actual = cluster.http().get(path);
    assertThat(actual.statusCode())
        .as(path + ": " + actual.body())
        .isEqualTo(expected.statusCode());
    assertThat(actual.body()).as(path).isEqualTo(expected.body());
  }

  @Test
  void statisticsOfEveryScopeEqualTheEmbeddedEngines() {
    assertThat(embedded.http().get("/v1/stats").body()).contains("\"total\":404");
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/v1/stats",
                "/v1/stats?window=10m&type=view",
                "/v1/stats?scope=item&key=" + q(busiest(Event::itemId)),
                "/v1/stats?scope=category&key=" + q(busiest(Event::category)),
                "/v1/stats?scope=user&key=" + q(busiest(Event::userId)),
                "/v1/items/" + q(busiest(Event::itemId)) + "/stats",
                "/v1/categories/" + q(busiest(Event::category)) + "/stats",
                "/v1/stats?scope=item&key=never-seen",
                "/v1/stats?scope=nope"));
    String campaign = busiest(Event::campaignId);
    String ad = busiest(Event::adId);
    paths.add("/v1/stats?scope=campaign&key=" + q(campaign));
    paths.add("/v1/stats?scope=ad&key=" + q(ad));
    for (CompositeKey k : ClusterFixture.layout().composites()) {
      String key = busiest(k::keyOf);
      paths.add("/v1/stats?scope=" + q(k.name()) + "&key=" + q(key));
    }
    paths.forEach(ClusterReadsIT::assertSameAnswer);
  }

  @Test
  void recommendationsRankingAndSimilarItemsEqualTheEmbeddedEngines() {
    String item = busiest(Event::itemId);
    String category = busiest(Event::category);
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/v1/similar-items/" + q(item),
                "/v1/similar-items/" + q(item) + "?n=3",
                "/v1/similar-items/never-seen",
                "/v1/recommendations/never-seen?explain=true",
                "/v1/recommendations/u-1?strategy=bogus",
                "/v1/recommendations/u-1?strategy=als"));
    for (String user : events.stream().map(Event::userId).distinct().sorted().toList()) {
      for (String s : List.of("popular", "item_cf", "user_cf", "auto")) {
        paths.add("/v1/recommendations/" + q(user) + "?strategy=" + s + "&explain=true");
        paths.add(
            "/v1/recommendations/"
                + q(user)
                + "?strategy="
                + s
                + "&n=5&exclude_seen=false&category="
                + q(category));
      }
    }
    paths.forEach(ClusterReadsIT::assertSameAnswer);
    String items =
        events.stream()
            .map(Event::itemId)
            .filter(i -> i != null)
            .distinct()
            .sorted()
            .limit(8)
            .map(i -> "\"" + i + "\"")
            .collect(Collectors.joining(","));
    for (String s : List.of("popular", "item_cf", "user_cf", "auto")) {
      String body =
          "{\"user_id\":\""
              + busiest(Event::userId)
              + "\",\"items\":["
              + items
              + "],\"strategy\":\""
              + s
              + "\",\"explain\":true}";
      HttpResponse<String> expected = embedded.http().post("/v1/rank", "application/json", body);
      HttpResponse<String> actual = cluster.http().post("/v1/rank", "application/json", body);
      assertThat(actual.statusCode())
          .as(actual.body())
          .isEqualTo(expected.statusCode())
          .isEqualTo(200);
      assertThat(actual.body()).as("rank " + s).isEqualTo(expected.body());
    }
    assertThat(cluster.http().get("/v1/similar-items/" + q(item)).body())
        .contains("\"similarity\"");
  }

  /**
   * Events of scopes that have successes but no trials: a click without a view, purchases without a
   * click, an ad click without an impression (each rate of theirs is null with a reason).
   */
  private static List<Event> successesWithoutTrials(long t) {
    List<Event> out = new ArrayList<>();
    String[][] rows = {
      {"click", null}, {"purchase", null}, {"purchase", null}, {"ad_click", "lonely-ad"}
    };
    for (int i = 0; i < rows.length; i++) {
      out.add(
          new Event(
              "lonely-" + i,
              false,
              rows[i][0],
              "lonely-user",
              rows[i][1] == null ? "lonely-item" : null,
              rows[i][1],
              "lonely-camp",
              rows[i][1] == null ? "lonely-cat" : null,
              rows[i][0].equals("purchase") ? 5.0 : null,
              t,
              Map.of()));
    }
    return out;
  }

  @Test
  void scopesWithSuccessesButNoTrialsAnswerNullRatesWithReasonsAsTheEmbeddedEngine() {
    List<String> paths =
        List.of(
            "/v1/stats?scope=user&key=lonely-user",
            "/v1/stats?scope=item&key=lonely-item",
            "/v1/stats?scope=category&key=lonely-cat",
            "/v1/stats?scope=campaign&key=lonely-camp",
            "/v1/stats?scope=ad&key=lonely-ad",
            "/v1/stats?scope=campaign_id%2Bcategory&key=lonely-camp%7Clonely-cat");
    paths.forEach(ClusterReadsIT::assertSameAnswer);
    String category =
        cluster.http().get("/v1/stats?scope=category&key=lonely-cat&window=1m").body();
    assertThat(category)
        .contains("\"ctr\":{\"raw\":null,\"smoothed\":null,")
        .contains("\"reason\":\"successes_exceed_trials\"");
    assertThat(cluster.http().get("/v1/stats?scope=ad&key=lonely-ad&window=1m").body())
        .contains("\"ad_ctr\":{\"raw\":null,\"smoothed\":null,");
  }

  @Test
  void trendingAndProfilesEqualTheEmbeddedEngines() {
    String user = busiest(Event::userId);
    for (String path :
        List.of(
            "/v1/trending",
            "/v1/trending?window=10m&n=5",
            "/v1/trending?category=" + q(busiest(Event::category)),
            "/v1/trending?category=none-yet",
            "/v1/users/" + q(user) + "/profile",
            "/v1/users/never-seen/profile",
            "/v1/users/" + q(user) + "/segments")) {
      assertSameAnswer(path);
    }
    assertThat(cluster.http().get("/v1/users/" + q(user) + "/profile").body())
        .contains("\"recent_items\":[{");
  }
}
