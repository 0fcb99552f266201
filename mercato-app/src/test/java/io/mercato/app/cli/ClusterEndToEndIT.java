package io.mercato.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.app.config.ConfigLoader;
import io.mercato.app.config.ConfigOverride;
import io.mercato.app.config.MercatoConfig;
import io.mercato.app.node.Node;
import io.mercato.flink.MercatoJob;
import io.mercato.flink.RunningJob;
import io.mercato.synthetic.Catalog;
import io.mercato.synthetic.EventJson;
import io.mercato.synthetic.SyntheticTraffic;
import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole cluster runtime end to end, with real parts: events POSTed to a stateless API node
 * ({@code serve --mode cluster}) go to a KRaft Kafka broker, the Flink job ({@code flink-job
 * --local}, configured from the same settings) folds them into Redis, and reads through a second API
 * node answer exactly what an embedded node fed the same events answers: profiles, statistics of
 * every scope, item and category statistics, trending, and every campaign's KPIs (the job charges ad
 * events by the campaign definitions of the shared database). One event comes from a client clock
 * five hours fast: both runtimes count it at its arrival plus {@code stats.max-lead}, the cluster from
 * the arrival the writing node stamped on its Kafka record.
 */
class ClusterEndToEndIT {
  static final Duration PATIENCE = Duration.ofSeconds(120);
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dir;

  @Test
  void eventsPostedToOneNodeAreReadFromAnotherAsTheEmbeddedNodeAnswers() throws Exception {
    Instant t0 = Instant.parse("2026-11-24T12:00:00Z");
    long[] clock = {t0.toEpochMilli()};
    SyntheticTraffic traffic =
        SyntheticTraffic.builder()
            .seed(5)
            .idPrefix("e2e-")
            .users(40)
            .items(60)
            .clock(() -> Instant.ofEpochMilli(clock[0] += 500))
            .build();
    List<byte[]> batches = new ArrayList<>();
    Set<String> users = new LinkedHashSet<>();
    Set<String> items = new LinkedHashSet<>();
    Set<String> categories = new LinkedHashSet<>();
    for (int b = 0; b < 8; b++) {
      var events = traffic.next(250);
      events.forEach(
          e -> {
            users.add(e.userId());
            if (e.itemId() != null) {
              items.add(e.itemId());
            }
            if (e.category() != null) {
              categories.add(e.category());
            }
          });
      batches.add(EventJson.ndjson(events));
    }
    InstantSource now = () -> Instant.ofEpochMilli(clock[0]);

    try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
        RedisServer redis = RedisServer.start()) {
      kafka.createTopic("mercato.events", 2);
      kafka.createTopic("mercato.events.dead", 1);
      List<ConfigOverride> cluster =
          List.of(
              new ConfigOverride("mode", "cluster", "test"),
              new ConfigOverride("server.port", "0", "test"),
              new ConfigOverride("kafka.bootstrap", kafka.bootstrap(), "test"),
              new ConfigOverride("redis.url", redis.uri(), "test"),
              new ConfigOverride(
                  "db.url", "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "test"));
      MercatoConfig clusterCfg = load(cluster);
      MercatoConfig embeddedCfg =
          load(
              List.of(
                  new ConfigOverride("server.port", "0", "test"),
                  new ConfigOverride(
                      "engine.data-dir", dir.resolve("embedded").toString(), "test")));
      FlinkJobCommand flags = new FlinkJobCommand(null);
      flags.parallelism = 2;
      flags.stateBackend = "heap";
      flags.checkpointInterval = "1s";
      flags.flushInterval = "50ms";
      flags.groupId = "e2e";
      flags.checkpointDir = dir.resolve("checkpoints").toString();
      try (Node writer = Node.start(clusterCfg, now);
          Node reader = Node.start(clusterCfg, now);
          Node embedded = Node.start(embeddedCfg, now)) {
        assertThat(embedded.engine().awaitReady(Duration.ofMinutes(1))).isTrue();
        // the campaigns and ads of the synthetic traffic, in the shared database and the embedded
        // one,
        // before the job starts: it charges ad events by these definitions
        List<String> campaigns = defineCampaigns(traffic, writer.baseUri(), embedded.baseUri());
        try (RunningJob job = MercatoJob.runLocal(flags.jobConfig(clusterCfg))) {
          for (byte[] body : batches) {
            assertThat(post(writer.baseUri(), body).statusCode()).isEqualTo(202);
            assertThat(post(embedded.baseUri(), body).statusCode()).isEqualTo(202);
          }
          long arrival = clock[0];
          byte[] fastClock =
              ("{\"event_id\":\"fast-clock-1\",\"type\":\"view\",\"user_id\":\"fast-user\","
                      + "\"item_id\":\""
                      + items.iterator().next()
                      + "\",\"timestamp\":"
                      + (arrival + 5 * 3_600_000L)
                      + "}")
                  .getBytes(StandardCharsets.UTF_8);
          assertThat(post(writer.baseUri(), fastClock).statusCode()).isEqualTo(202);
          assertThat(post(embedded.baseUri(), fastClock).statusCode()).isEqualTo(202);
          users.add("fast-user");
          List<String> paths = new ArrayList<>();
          users.forEach(u -> paths.add("/v1/users/" + u + "/profile"));
          items.stream().limit(20).forEach(i -> paths.add("/v1/items/" + i + "/stats"));
          categories.forEach(c -> paths.add("/v1/categories/" + c + "/stats"));
          for (String w : List.of("1m", "10m", "1h", "24h")) {
            paths.add("/v1/stats?window=" + w);
            paths.add("/v1/trending?window=" + w + "&n=5");
          }
          paths.add("/v1/stats?window=10m&scope=campaign_id%2Bcategory&key=" + "none");
          paths.add("/v1/users/nobody/profile");
          for (String c : campaigns) {
            paths.add("/v1/campaigns/" + c + "/kpis?window=1h");
            paths.add("/v1/campaigns/" + c + "/kpis?window=24h");
          }
          paths.add("/v1/campaigns/nope/kpis");

          awaitSameAnswers(reader.baseUri(), embedded.baseUri(), paths, job);
          String nowAfterSkew = Instant.ofEpochMilli(arrival + 60_000).toString();
          assertThat(get(reader.baseUri(), "/v1/stats").body())
              .as("now is the arrival plus max-lead")
              .contains("\"now\":\"" + nowAfterSkew + "\"");
          for (URI node : List.of(writer.baseUri(), embedded.baseUri())) {
            assertThat(get(node, "/metrics").body())
                .contains("mercato_events_clock_skewed_total 1.0");
          }
          long impressions = 0;
          long clicks = 0;
          for (String c : campaigns) {
            var total =
                new ObjectMapper()
                    .readTree(
                        get(reader.baseUri(), "/v1/campaigns/" + c + "/kpis?window=24h").body())
                    .path("total");
            impressions += total.path("impressions").asLong();
            clicks += total.path("clicks").asLong();
          }
          assertThat(impressions).as("the KPIs compared count impressions").isPositive();
          assertThat(clicks).as("the KPIs compared count clicks").isPositive();
        }
      }
    }
  }

  /**
   * Puts the catalog's campaigns (one in New York time) and ads (odd ads CPC 0.30, even CPM 2.50) on
   * both nodes; budgets are far above what the events spend (capped charges depend on arrival order).
   */
  private List<String> defineCampaigns(SyntheticTraffic traffic, URI cluster, URI embedded)
      throws Exception {
    List<String> ids = new ArrayList<>();
    int n = 0;
    for (Catalog.Campaign c : traffic.catalog().campaigns()) {
      String zone = n++ == 1 ? "America/New_York" : "UTC";
      String campaign =
          ("{\"name\": \"%s\", \"start\": \"2026-11-20T00:00:00Z\", \"end\": \"2026-12-20T00:00:00Z\","
                  + " \"time_zone\": \"%s\", \"status\": \"active\", \"currency\": \"EUR\", \"total_budget\": 1000000,"
                  + " \"daily_budget\": 100000, \"goals\": {\"participants\": 50, \"conversions\": 5}}")
              .formatted(c.id(), zone);
      for (URI base : List.of(cluster, embedded)) {
        assertThat(put(base, "/v1/campaigns/" + c.id(), campaign).statusCode()).isEqualTo(200);
      }
      for (Catalog.Ad a : c.ads()) {
        boolean cpc = Integer.parseInt(a.id().substring(3)) % 2 == 1;
        String ad =
            ("{\"campaign_id\": \"%s\", \"creative\": {\"title\": \"%s\", \"landing_url\": "
                    + "\"https://shop.example.com/%s\"}, \"category\": \"%s\", \"placements\": [\"home\"], \"bid\": "
                    + "{\"type\": \"%s\", \"amount\": %s}, \"status\": \"active\"}")
                .formatted(
                    c.id(),
                    a.id(),
                    a.id(),
                    a.category(),
                    cpc ? "cpc" : "cpm",
                    cpc ? "0.30" : "2.50");
        for (URI base : List.of(cluster, embedded)) {
          assertThat(put(base, "/v1/ads/" + a.id(), ad).statusCode()).isEqualTo(200);
        }
      }
      ids.add(c.id());
    }
    assertThat(ids).isNotEmpty();
    return ids;
  }

  private HttpResponse<String> put(URI base, String path, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private MercatoConfig load(List<ConfigOverride> overrides) {
    return new ConfigLoader(Map.of(), dir).load(null, overrides).config();
  }

  /** Retries until every path answers the same status and body on both nodes (Redis converges). */
  private void awaitSameAnswers(URI cluster, URI embedded, List<String> paths, RunningJob job)
      throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      List<String> differ = new ArrayList<>();
      for (String p : paths) {
        HttpResponse<String> a = get(cluster, p);
        HttpResponse<String> b = get(embedded, p);
        boolean same =
            a.statusCode() == b.statusCode()
                && (p.startsWith("/v1/trending")
                    ? sameTrending(a.body(), b.body())
                    : a.body().equals(b.body()));
        if (!same) {
          differ.add(
              p
                  + "\n  cluster  "
                  + a.statusCode()
                  + " "
                  + a.body()
                  + "\n  embedded "
                  + b.statusCode()
                  + " "
                  + b.body());
        }
      }
      if (differ.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            differ.size()
                + " of "
                + paths.size()
                + " answers differ (job "
                + job.status()
                + "), first: "
                + differ.get(0));
      }
      Thread.sleep(250);
    }
  }

  /**
   * Trending: the embedded node counts every item and answers exactly; the cluster node looks up its
   * sketch's candidates and answers exactly when it can prove it, then both bodies are equal.
   * Otherwise the cluster's answer must be honest: the same window and stream time, exact counts for
   * the items both list, no listed item above the true last one, and every item of the true top it
   * misses within its {@code max_error}.
   */
  static boolean sameTrending(String cluster, String embedded) throws Exception {
    var json = new ObjectMapper();
    var a = json.readTree(cluster);
    var b = json.readTree(embedded);
    if (!b.path("exact").asBoolean()
        || !a.get("now").equals(b.get("now"))
        || !a.get("window").equals(b.get("window"))) {
      return false;
    }
    if (a.path("exact").asBoolean()) {
      return a.equals(b);
    }
    Map<String, Long> truth = new HashMap<>();
    b.get("items").forEach(i -> truth.put(i.get("item_id").asText(), i.get("count").asLong()));
    var items = b.get("items");
    long last = items.isEmpty() ? 0 : items.get(items.size() - 1).get("count").asLong();
    Map<String, Long> listed = new HashMap<>();
    for (var i : a.get("items")) {
      String id = i.get("item_id").asText();
      long count = i.get("count").asLong();
      listed.put(id, count);
      if (truth.containsKey(id) ? truth.get(id) != count : count > last) {
        return false;
      }
    }
    long maxError = a.get("max_error").asLong();
    return truth.entrySet().stream()
        .allMatch(t -> listed.containsKey(t.getKey()) || t.getValue() <= maxError);
  }

  private HttpResponse<String> post(URI base, byte[] ndjson) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/events"))
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
