package io.mercato.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercato.testkit.infra.KafkaBroker;
import io.mercato.testkit.infra.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/events} of a cluster API node against a real Kafka broker: what it acknowledges is
 * in the topic keyed by user, what it rejects is answered like embedded mode and dead-lettered, and a
 * broker that is down gives 503 rather than a false 202.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIngestIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static KafkaBroker broker;
  static RedisServer redis;
  static ClusterFixture.Node node;

  static final String E1 =
      "{\"event_id\":\"e-1\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"p-1\","
          + "\"category\":\"sports\",\"timestamp\":\"2026-11-24T12:00:00Z\"}";
  static final String E2_NO_ID =
      "{\"type\":\"click\",\"user_id\":\"u-2\",\"item_id\":\"p-2\","
          + "\"timestamp\":\"2026-11-24T12:00:01Z\"}";
  static final String E3_INVALID =
      "{\"event_id\":\"e-3\",\"type\":\"view\",\"timestamp\":\"2026-11-24T12:00:02Z\"}";
  static final String E4 =
      "{\"event_id\":\"e-4\",\"type\":\"purchase\",\"user_id\":\"u-1\",\"item_id\":\"p-1\","
          + "\"value\":19.99,\"timestamp\":\"2026-11-24T12:00:03.250Z\",\"attributes\":{\"placement\":\"home\"}}";

  @BeforeAll
  static void start() {
    broker = KafkaBroker.start(dir.resolve("kafka"));
    broker.createTopic(KafkaSettings.DEFAULT_TOPIC, 3);
    broker.createTopic(KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC, 1);
    redis = RedisServer.start();
    node =
        ClusterFixture.Node.start(
            ClusterFixture.settings(broker.bootstrap(), redis.uri(), "ingest", dir));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (redis != null) {
      redis.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static String eventId(Topics.Read r) {
    try {
      return JSON.readTree(r.value()).path("event_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + r.value(), e);
    }
  }

  @Test
  void acknowledgedEventsAreInKafkaKeyedByUserWithTheirPayloadAndRejectedOnesAreDeadLettered()
      throws Exception {
    String body = String.join("\n", E1, E2_NO_ID, E3_INVALID, E4) + "\n";
    HttpResponse<String> r = node.http().post("/v1/events", "application/x-ndjson", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    // The same answer as the embedded engine gives for the same body.
    try (ClusterFixture.Embedded embedded =
        ClusterFixture.Embedded.start(dir.resolve("embedded"))) {
      assertThat(r.body())
          .isEqualTo(embedded.http().post("/v1/events", "application/x-ndjson", body).body());
    }
    assertThat(r.body())
        .isEqualTo(
            "{\"accepted\":3,\"duplicates\":0,\"sampled\":0,\"rejected\":[{\"index\":2,"
                + "\"reason\":\"invalid\",\"errors\":[{\"field\":\"user_id\",\"message\":\"is required\"}]}],\"rejected_count\":1,"
                + "\"rejected_summary\":[{\"field\":\"user_id\",\"message\":\"is required\",\"count\":1}]}");

    // Users u-1 and u-2 appear in no other test of this class.
    List<Topics.Read> events =
        Topics.readAll(broker.bootstrap(), KafkaSettings.DEFAULT_TOPIC, 3, Duration.ofSeconds(30))
            .stream()
            .filter(e -> e.key().equals("u-1") || e.key().equals("u-2"))
            .toList();
    assertThat(events).hasSize(3);
    Map<String, Topics.Read> byId =
        events.stream().collect(Collectors.toMap(ClusterIngestIT::eventId, e -> e));
    // Stamped with the node's clock when accepted: the arrival the Flink job computes effective
    // times from.
    long arrival = ClusterFixture.NOW.toEpochMilli();
    assertThat(byId.get("e-1")).isEqualTo(new Topics.Read("u-1", E1, arrival));
    assertThat(byId.get("e-4")).isEqualTo(new Topics.Read("u-1", E4, arrival));
    Topics.Read generated =
        events.stream().filter(e -> e.key().equals("u-2")).findFirst().orElseThrow();
    JsonNode g = JSON.readTree(generated.value());
    assertThat(g.path("event_id").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(generated.value())
        .isEqualTo(
            E2_NO_ID.replace(
                "{\"type\"", "{\"event_id\":\"" + g.path("event_id").asText() + "\",\"type\""));

    List<Topics.Read> all =
        Topics.readAll(
            broker.bootstrap(), KafkaSettings.DEFAULT_DEAD_LETTER_TOPIC, 1, Duration.ofSeconds(30));
    List<Topics.Read> dead = all.stream().filter(e -> e.value().contains("e-3")).toList();
    assertThat(dead).as("dead letters: %s", all).hasSize(1);
    JsonNode d = JSON.readTree(dead.get(0).value());
    assertThat(d.path("source").asText()).isEqualTo("http");
    assertThat(d.path("reason").asText()).isEqualTo("invalid");
    assertThat(d.path("index").asInt()).isEqualTo(2);
    assertThat(d.path("errors").toString())
        .isEqualTo("[{\"field\":\"user_id\",\"message\":\"is required\"}]");
    assertThat(d.path("raw").asText()).isEqualTo(E3_INVALID);
    assertThat(d.path("rejected_at").asText()).isEqualTo(ClusterFixture.NOW.toString());
  }

  @Test
  void theQualityViewAccountsForWhatTheNodeSawAndNamesWhatOnlyTheJobKnows() throws Exception {
    // User u-q appears in no other test of this class (they read the topic by user).
    String body =
        String.join(
                "\n",
                E3_INVALID.replace("e-3", "q-3"),
                E1.replace("e-1", "q-1").replace("u-1", "u-q"))
            + "\n";
    assertThat(
            node.http()
                .post("/v1/events?source=tracker-q", "application/x-ndjson", body)
                .statusCode())
        .isEqualTo(202);
    HttpResponse<String> r = node.http().get("/v1/quality");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode q = JSON.readTree(r.body());
    assertThat(q.path("mode").asText()).isEqualTo("cluster");
    JsonNode tracker = null;
    for (JsonNode s : q.path("sources")) {
      if (s.path("source").asText().equals("tracker-q")) {
        tracker = s.path("accounting");
      }
    }
    assertThat(tracker).as(r.body()).isNotNull();
    assertThat(tracker.path("read").asLong()).isEqualTo(2);
    assertThat(tracker.path("accepted").asLong()).isEqualTo(1);
    assertThat(tracker.path("rejected").path("invalid").asLong()).isEqualTo(1);
    assertThat(tracker.path("balanced").asBoolean()).isTrue();
    assertThat(q.path("lateness").isNull()).isTrue();
    assertThat(q.path("unknown_items").isNull()).isTrue();
    assertThat(q.path("limits").toString()).contains("Flink job", "mercatoEventsTooLate");
  }

  @Test
  void endpointsTheClusterCannotServeYetAnswer501() throws Exception {
    for (String path : List.of("/v1/events/sample", "/v1/items/p-1", "/v1/admin/models/als")) {
      HttpResponse<String> r = node.http().get(path);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(501);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.path("type").asText()).isEqualTo("https://mercato.dev/problems/not-implemented");
      assertThat(p.path("detail").asText()).contains("not available in cluster mode yet");
      assertThat(p.path("mode").asText()).isEqualTo("cluster");
    }
  }

  @Test
  void campaignsAreKeptInTheSharedDatabase() throws Exception {
    String campaign =
        "{\"name\": \"Spring sale\", \"start\": \"2026-11-01T00:00:00Z\", \"end\": \"2026-12-01T00:00:00Z\","
            + " \"status\": \"active\", \"currency\": \"EUR\", \"total_budget\": 1000, \"daily_budget\": 100}";
    HttpResponse<String> put = node.http().put("/v1/campaigns/spring", campaign);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(node.http().get("/v1/campaigns/spring").body()).isEqualTo(put.body());
    // A second node on the same database serves it too: nothing is node-local.
    try (ClusterFixture.Node other =
        ClusterFixture.Node.start(
            ClusterFixture.settings(broker.bootstrap(), redis.uri(), "ingest", dir))) {
      assertThat(other.http().get("/v1/campaigns/spring").body()).isEqualTo(put.body());
      String renamed = campaign.replace("Spring sale", "Spring sale, extended");
      HttpResponse<String> put2 = other.http().put("/v1/campaigns/spring", renamed);
      assertThat(put2.statusCode()).as(put2.body()).isEqualTo(200);
      // The first node picks the change up at its next refresh (every second).
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!node.http().get("/v1/campaigns/spring").body().equals(put2.body())
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(node.http().get("/v1/campaigns/spring").body()).isEqualTo(put2.body());
    }
  }

  @Test
  @Order(
      Integer
          .MAX_VALUE) // kills and restarts the shared broker: last, so the others need not wait for
  // it
  void aBrokerThatIsDownGives503WithRetryAfterAndNotReady() throws Exception {
    assertThat(node.http().get("/ready").body())
        .isEqualTo(
            "{\"status\":\"READY\",\"mode\":\"cluster\",\"kafka\":\"reachable\",\"redis\":\"reachable\"}");
    broker.kill();
    try {
      HttpResponse<String> r =
          node.http()
              .post(
                  "/v1/events",
                  "application/json",
                  "{\"event_id\":\"down-1\",\"type\":\"view\",\"user_id\":\"u-9\",\"timestamp\":\"2026-11-24T12:00:00Z\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.path("type").asText()).isEqualTo("https://mercato.dev/problems/unavailable");
      assertThat(p.path("detail").asText()).contains("Kafka did not acknowledge");

      HttpResponse<String> ready = node.http().get("/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(ready.body()).path("state").asText()).isEqualTo("UNAVAILABLE");
    } finally {
      broker.restart();
    }
    // Back again: the same producer delivers once the broker is.
    HttpResponse<String> again =
        node.http()
            .post(
                "/v1/events",
                "application/json",
                "{\"event_id\":\"up-1\",\"type\":\"view\",\"user_id\":\"u-9\",\"timestamp\":\"2026-11-24T12:00:00Z\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
  }
}
