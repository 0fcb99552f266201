package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/recommendations}, {@code /v1/rank} and {@code /v1/similar-items} over HTTP. */
class RecommendationsApiIT {
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    // three clusters of users, each viewing items of its own category
    Random r = new Random(5);
    List<String> lines = new ArrayList<>();
    int id = 0;
    for (int u = 0; u < 30; u++) {
      int c = u % 3;
      for (int k = 0; k < 6; k++) {
        lines.add(
            "{\"event_id\":\"r"
                + (id++)
                + "\",\"type\":\"view\",\"user_id\":\"u"
                + u
                + "\",\"item_id\":\"c"
                + c
                + "-"
                + r.nextInt(8)
                + "\",\"category\":\"cat"
                + c
                + "\",\"timestamp\":\"2026-11-24T12:2"
                + (k % 10)
                + ":00Z\"}");
      }
    }
    for (int from = 0; from < lines.size(); from += 50) { // the test server takes 16 KiB bodies
      List<String> part = lines.subList(from, Math.min(lines.size(), from + 50));
      HttpResponse<String> resp = t.postNdjson(String.join("\n", part));
      assertThat(json(resp).path("accepted").asInt()).as(resp.body()).isEqualTo(part.size());
    }
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private static List<String> ids(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("item_id").asText()));
    return out;
  }

  @Test
  void recommendationsFollowTheUsersCluster() {
    HttpResponse<String> r = t.get("/v1/recommendations/u1?n=3&strategy=item_cf&explain=true");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = json(r);
    assertThat(b.path("user_id").asText()).isEqualTo("u1");
    assertThat(b.path("strategy").asText()).isEqualTo("item_cf");
    assertThat(b.path("used").asText()).isEqualTo("item_cf");
    assertThat(b.path("model_version").asText()).isEqualTo("live");
    assertThat(ids(b.path("items"))).hasSize(3).allMatch(i -> i.startsWith("c1-"));
    assertThat(b.path("items").get(0).path("reasons").get(0).asText()).startsWith("similar to c1-");
    assertThat(b.path("items").get(0).path("score").asDouble()).isPositive();
    for (String s : List.of("auto", "popular", "user_cf", "als")) {
      HttpResponse<String> each = t.get("/v1/recommendations/u1?n=5&strategy=" + s);
      assertThat(each.statusCode()).as(s + ": " + each.body()).isEqualTo(200);
      assertThat(json(each).path("items")).hasSize(5);
      assertThat(json(each).path("items").get(0).path("reasons")).isEmpty();
    }
  }

  @Test
  void aClickChangesTheNextAnswer() {
    assertThat(json(t.get("/v1/recommendations/newcomer")).path("used").asText())
        .isEqualTo("popular");
    assertThat(
            t.postJson(
                    "{\"event_id\":\"x1\",\"type\":\"click\",\"user_id\":\"newcomer\",\"item_id\":\"c2-1\","
                        + "\"category\":\"cat2\",\"timestamp\":\"2026-11-24T12:29:59Z\"}")
                .statusCode())
        .isEqualTo(202);
    JsonNode b = json(t.get("/v1/recommendations/newcomer?n=3"));
    assertThat(b.path("used").asText()).isEqualTo("item_cf");
    assertThat(ids(b.path("items"))).allMatch(i -> i.startsWith("c2-")).doesNotContain("c2-1");
  }

  @Test
  void categoryAndExcludeSeenFilter() {
    List<String> cat =
        ids(json(t.get("/v1/recommendations/u1?n=5&category=cat0&strategy=popular")).path("items"));
    assertThat(cat).isNotEmpty().allMatch(i -> i.startsWith("c0-"));
    List<String> seen =
        ids(
            json(t.get("/v1/recommendations/u1?n=50&exclude_seen=false&strategy=item_cf"))
                .path("items"));
    List<String> unseen =
        ids(json(t.get("/v1/recommendations/u1?n=50&strategy=item_cf")).path("items"));
    List<String> history = ids(json(t.get("/v1/users/u1/profile")).path("recent_items"));
    assertThat(history).isNotEmpty();
    assertThat(unseen).doesNotContainAnyElementsOf(history);
    assertThat(seen).containsAnyElementsOf(history);
  }

  @Test
  void itemsTheCatalogMarksUnavailableAreNeverRecommended() {
    List<String> before =
        ids(json(t.get("/v1/recommendations/u1?n=3&strategy=item_cf")).path("items"));
    String banned = before.get(0);
    HttpResponse<String> put =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/items/" + banned))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"available\":false,\"category\":\"cat1\"}"))
                .build());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    for (String s : List.of("auto", "popular", "user_cf", "item_cf", "als")) {
      assertThat(
              ids(
                  json(t.get("/v1/recommendations/u1?n=30&exclude_seen=false&strategy=" + s))
                      .path("items")))
          .as(s)
          .doesNotContain(banned);
    }
    JsonNode ranked =
        json(
            t.post(
                "/v1/rank",
                "application/json",
                "{\"user_id\":\"u1\",\"items\":[\"" + banned + "\",\"c1-0\"]}"));
    assertThat(ranked.path("items").get(1).path("item_id").asText()).isEqualTo(banned);
    assertThat(ranked.path("items").get(1).path("available").asBoolean()).isFalse();
  }

  @Test
  void alsIsTrainedOnDemandAndThenServes() {
    JsonNode before = json(t.get("/v1/admin/models/als"));
    assertThat(before.path("model_version").isNull()).isTrue();
    assertThat(json(t.get("/v1/recommendations/u1?strategy=als")).path("used").asText())
        .isEqualTo("popular");
    HttpResponse<String> r = t.post("/v1/admin/models/als/train?wait=true", "application/json", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode trained = json(r);
    assertThat(trained.path("model_version").asText()).startsWith("als-");
    assertThat(trained.path("users").asInt()).isEqualTo(30);
    assertThat(trained.path("training").asBoolean()).isFalse();
    JsonNode rec =
        json(t.get("/v1/recommendations/u1?strategy=als&n=3&explain=true&exclude_seen=false"));
    assertThat(rec.path("used").asText()).isEqualTo("als");
    assertThat(rec.path("model_version").asText())
        .isEqualTo(trained.path("model_version").asText());
    assertThat(ids(rec.path("items"))).hasSize(3).allMatch(i -> i.startsWith("c1-"));
    HttpResponse<String> async = t.post("/v1/admin/models/als/train", "application/json", "");
    assertThat(async.statusCode()).isEqualTo(202);
    assertThat(async.headers().firstValue("Location")).hasValue("/v1/admin/models/als");
    assertThat(json(t.get("/v1/admin/models/als")).path("model_version").asText())
        .startsWith("als-");
  }

  @Test
  void trainingWithoutInteractionsFailsClearly(@TempDir Path empty) {
    try (TestServer fresh = TestServer.start(empty)) {
      JsonNode p =
          problem(
              fresh.post("/v1/admin/models/als/train?wait=true", "application/json", ""),
              409,
              "training-failed");
      assertThat(p.path("detail").asText()).contains("no interaction events");
      assertThat(json(fresh.get("/v1/admin/models/als")).path("last_error").asText())
          .contains("no interaction events");
      problem(
          fresh.post("/v1/admin/models/als/train?wait=perhaps", "application/json", ""),
          400,
          "invalid-request");
    }
  }

  @Test
  void badParametersAreProblems() {
    JsonNode s = problem(t.get("/v1/recommendations/u1?strategy=magic"), 400, "invalid-request");
    assertThat(s.path("errors").get(0).path("field").asText()).isEqualTo("strategy");
    assertThat(s.path("detail").asText()).contains("auto, popular, user_cf, item_cf, als");
    assertThat(
            problem(t.get("/v1/recommendations/u1?n=0"), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("n");
    assertThat(
            problem(t.get("/v1/recommendations/u1?explain=maybe"), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("explain");
    assertThat(
            problem(t.get("/v1/recommendations/u1?category="), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("category");
  }

  @Test
  void rankReturnsTheSameItemsReordered() {
    HttpResponse<String> r =
        t.post(
            "/v1/rank",
            "application/json",
            "{\"user_id\":\"u1\",\"items\":[\"c0-1\",\"c1-2\",\"zzz\",\"c2-3\",\"c1-5\"],\"strategy\":\"item_cf\",\"explain\":true}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = json(r);
    List<String> got = ids(b.path("items"));
    assertThat(got).containsExactlyInAnyOrder("c0-1", "c1-2", "zzz", "c2-3", "c1-5");
    assertThat(got.indexOf("c1-2")).isLessThan(got.indexOf("c0-1"));
    assertThat(got.indexOf("c1-5")).isLessThan(got.indexOf("c2-3"));
    assertThat(b.path("items").get(0).path("available").asBoolean()).isTrue();
  }

  @Test
  void rankValidationNamesEveryBadField() {
    JsonNode p =
        problem(
            t.post(
                "/v1/rank",
                "application/json",
                "{\"user_id\":\"\",\"items\":[\"a\",\"a\",5],\"strategy\":\"nope\",\"explain\":\"yes\",\"extra\":1}"),
            400,
            "invalid-request");
    List<String> fields = new ArrayList<>();
    p.path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "extra", "user_id", "items[1]", "items[2]", "strategy", "explain");
    assertThat(
            problem(
                    t.post("/v1/rank", "application/json", "{\"user_id\":\"u\",\"items\":[]}"),
                    400,
                    "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("items");
    problem(t.post("/v1/rank", "application/json", "{\"user_id\":"), 400, "malformed-body");
    problem(t.post("/v1/rank", "text/plain", "{}"), 415, "unsupported-media-type");
    assertThat(
            problem(t.post("/v1/rank", "application/json", "[1]"), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("body");
  }

  @Test
  void similarItemsAreFromTheSameCluster() {
    HttpResponse<String> r = t.get("/v1/similar-items/c0-1?n=3");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode b = json(r);
    assertThat(b.path("item_id").asText()).isEqualTo("c0-1");
    assertThat(ids(b.path("items"))).isNotEmpty().allMatch(i -> i.startsWith("c0-"));
    double first = b.path("items").get(0).path("similarity").asDouble();
    assertThat(first).isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(b.path("items").get(0).path("cooccurrence").asInt()).isPositive();
    problem(t.get("/v1/similar-items/never-seen"), 404, "not-found");
    problem(t.get("/v1/similar-items/c0-1?n=x"), 400, "invalid-request");
  }
}
