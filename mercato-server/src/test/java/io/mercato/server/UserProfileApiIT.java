package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/users/{id}/profile} over the hand-made events of {@link StatsFixture}. */
class UserProfileApiIT {
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    HttpResponse<String> r = t.postJson(StatsFixture.batch());
    assertThat(json(r).path("accepted").asInt()).as(r.body()).isEqualTo(StatsFixture.EVENTS.length);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void profileHasRecentItemsAffinityCountsPurchasesAndSession() {
    HttpResponse<String> r = t.get("/v1/users/u1/profile");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode p = json(r);
    assertThat(p.path("user_id").asText()).isEqualTo("u1");
    assertThat(p.path("now").asText()).isEqualTo(StatsFixture.NEWEST);
    assertThat(p.path("first_seen").asText()).isEqualTo("2026-11-24T12:29:50Z");
    assertThat(p.path("last_seen").asText()).isEqualTo(StatsFixture.NEWEST);
    assertThat(p.path("recent_items")).hasSize(1);
    assertThat(p.path("recent_items").get(0).path("item_id").asText()).isEqualTo("p-1");
    // view 1 + click 2 + purchase 5, within seconds of now: decay is negligible at a 1-day
    // half-life.
    assertThat(p.path("affinity").path("sports").asDouble()).isCloseTo(8.0, within(0.01));
    assertThat(p.path("affinity_share").path("sports").asDouble()).isEqualTo(1.0);
    assertThat(p.path("counts").path("1m").toString())
        .isEqualTo("{\"click\":1,\"purchase\":1,\"view\":1}");
    assertThat(p.path("purchases").asLong()).isEqualTo(1);
    assertThat(p.path("total_order_value").asDouble()).isEqualTo(20.0);
    assertThat(p.path("average_order_value").asDouble()).isEqualTo(20.0);
    assertThat(p.path("session").path("events").asInt()).isEqualTo(3);
    assertThat(p.path("session").path("start").asText()).isEqualTo("2026-11-24T12:29:50Z");
  }

  @Test
  void aFollowingReadReflectsANewEvent() {
    String event =
        "{\"event_id\":\"n1\",\"type\":\"click\",\"user_id\":\"u1\",\"item_id\":\"p-9\",\"category\":\"books\","
            + "\"timestamp\":\""
            + StatsFixture.NEWEST
            + "\"}";
    assertThat(t.postJson(event).statusCode()).isEqualTo(202);
    JsonNode p = json(t.get("/v1/users/u1/profile"));
    assertThat(p.path("recent_items").get(0).path("item_id").asText()).isEqualTo("p-9");
    assertThat(p.path("affinity").has("books")).isTrue();
  }

  @Test
  void unknownUserIsNotFound() {
    JsonNode body = problem(t.get("/v1/users/nobody/profile"), 404, "not-found");
    assertThat(body.path("detail").asText()).contains("nobody");
  }
}
