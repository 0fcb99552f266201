package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/campaigns}, {@code /v1/ads} and {@code /v1/users/{id}/segments} through real HTTP, against
 * a real engine and its embedded H2 database.
 */
class CampaignsApiIT {
  static final String SEGMENT =
      "profile.affinity[\\\"sports\\\"] > 0.3 && profile.counts[\\\"click\\\"][\\\"10m\\\"] >= 3 && !profile.purchased(\\\"p-9\\\")";
  static final String SPRING =
      """
      {"name": "Spring sale", "start": "2026-11-01T00:00:00+01:00", "end": "2026-12-01T00:00:00+01:00",
       "time_zone": "Europe/Rome", "status": "active", "currency": "EUR", "total_budget": 10000,
       "daily_budget": "500.00", "discount": {"kind": "percent", "value": 15}, "segment": "%s",
       "goals": {"participants": 5000}, "frequency_caps": {"ad_per_day": 8}, "tags": ["spring", "black-friday"]}
      """
          .formatted(SEGMENT);
  static final String SPRING_STORED =
      "{\"id\":\"spring-sale\",\"name\":\"Spring sale\",\"start\":\"2026-10-31T23:00:00Z\","
          + "\"end\":\"2026-11-30T23:00:00Z\",\"time_zone\":\"Europe/Rome\",\"status\":\"active\",\"currency\":\"EUR\","
          + "\"total_budget\":10000,\"daily_budget\":500,\"discount\":{\"kind\":\"percent\",\"value\":15},"
          + "\"segment\":\""
          + SEGMENT
          + "\",\"goals\":{\"participants\":5000,\"revenue\":null,\"conversions\":null},"
          + "\"frequency_caps\":{\"ad_per_hour\":3,\"ad_per_day\":8,\"campaign_per_hour\":6,\"campaign_per_day\":20},"
          + "\"tags\":[\"black-friday\",\"spring\"],\"updated_at\":\"2026-11-24T12:30:00Z\"}";
  static final String AD =
      """
      {"campaign_id": "spring-sale", "creative": {"title": "15% off running shoes",
       "landing_url": "https://shop.example/sale"}, "category": "sports",
       "placements": ["sidebar", "home_banner"], "bid": {"type": "cpc", "amount": "0.40"}}
      """;

  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  HttpResponse<String> put(String path, String body) {
    return t.send(
        HttpRequest.newBuilder(t.uri(path))
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  HttpResponse<String> delete(String path) {
    return t.send(HttpRequest.newBuilder(t.uri(path)).DELETE().build());
  }

  static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
    return out;
  }

  static String message(JsonNode problem, String field) {
    for (JsonNode e : problem.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("message").asText();
      }
    }
    throw new AssertionError("no error on " + field + ": " + problem);
  }

  @Test
  void aCampaignRoundTripsAndIsListed() {
    HttpResponse<String> r = put("/v1/campaigns/spring-sale", SPRING);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(SPRING_STORED);
    assertThat(t.get("/v1/campaigns/spring-sale").body()).isEqualTo(SPRING_STORED);
    put("/v1/campaigns/draft-1", SPRING.replace("\"active\"", "\"draft\""));
    JsonNode all = json(t.get("/v1/campaigns"));
    assertThat(all.path("total").asInt()).isEqualTo(2);
    assertThat(all.path("campaigns").get(0).path("id").asText()).isEqualTo("draft-1");
    JsonNode active = json(t.get("/v1/campaigns?status=active"));
    assertThat(active.path("campaigns")).hasSize(1);
    assertThat(active.path("campaigns").get(0).toString()).isEqualTo(SPRING_STORED);
    assertThat(fields(problem(t.get("/v1/campaigns?status=live"), 400, "invalid-request")))
        .containsExactly("status");
  }

  @Test
  void everyBrokenRuleIsNamedAndNothingIsStored() {
    JsonNode p =
        problem(
            put(
                "/v1/campaigns/c",
                """
        {"name": "", "start": "2026-11-01T00:00:00", "end": "2026-12-01T00:00:00Z", "time_zone": "Rome",
         "currency": "euro", "total_budget": 100, "daily_budget": 200, "discount": {"kind": "percent", "value": 150},
         "frequency_caps": {"ad_per_hour": 0}, "colour": "red"}
        """),
            400,
            "invalid-request");
    assertThat(fields(p))
        .containsExactlyInAnyOrder(
            "colour",
            "name",
            "start",
            "time_zone",
            "currency",
            "daily_budget",
            "discount.value",
            "frequency_caps.ad_per_hour");
    problem(t.get("/v1/campaigns/c"), 404, "not-found");
  }

  @Test
  void aSegmentThatDoesNotTypeCheckIsRefusedWithCelsMessage() {
    JsonNode p =
        problem(
            put(
                "/v1/campaigns/c",
                SPRING.replace(SEGMENT, "profile.affinity[\\\"sports\\\"] > \\\"high\\\"")),
            400,
            "invalid-request");
    assertThat(fields(p)).containsExactly("segment");
    assertThat(message(p, "segment"))
        .contains("no matching overload for '_>_' applied to '(double, string)'");
    JsonNode typo =
        problem(
            put("/v1/campaigns/c", SPRING.replace(SEGMENT, "profile.clicks > 3")),
            400,
            "invalid-request");
    assertThat(message(typo, "segment")).contains("A condition may use: profile.user_id");
  }

  @Test
  void theBodyIdMustMatchThePathAndTheBodyMustBeJson() {
    JsonNode p =
        problem(
            put("/v1/campaigns/c", SPRING.replace("{\"name\"", "{\"id\": \"d\", \"name\"")),
            400,
            "invalid-request");
    assertThat(fields(p)).containsExactly("id");
    problem(put("/v1/campaigns/c", "{\"name\": 1, \"name\": 2}"), 400, "malformed-body");
    problem(put("/v1/campaigns/c", "[]"), 400, "invalid-request");
    HttpResponse<String> noType =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/campaigns/c"))
                .PUT(BodyPublishers.ofString(SPRING))
                .build());
    problem(noType, 415, "unsupported-media-type");
    JsonNode adId =
        problem(
            put("/v1/ads/a-1", AD.replace("{\"campaign_id\"", "{\"id\": \"a-2\", \"campaign_id\"")),
            400,
            "invalid-request");
    assertThat(fields(adId)).contains("id");
  }

  @Test
  void adsBelongToAnExistingCampaignWhichCannotBeDeletedWhileTheyExist() {
    JsonNode orphan = problem(put("/v1/ads/ad-3", AD), 400, "invalid-request");
    assertThat(fields(orphan)).containsExactly("campaign_id");
    put("/v1/campaigns/spring-sale", SPRING);
    HttpResponse<String> r = put("/v1/ads/ad-3", AD);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String stored =
        "{\"id\":\"ad-3\",\"campaign_id\":\"spring-sale\",\"creative\":{\"title\":\"15% off running shoes\","
            + "\"image_url\":null,\"landing_url\":\"https://shop.example/sale\"},\"category\":\"sports\","
            + "\"placements\":[\"home_banner\",\"sidebar\"],\"bid\":{\"type\":\"cpc\",\"amount\":0.4},\"status\":\"active\","
            + "\"updated_at\":\"2026-11-24T12:30:00Z\"}";
    assertThat(r.body()).isEqualTo(stored);
    assertThat(t.get("/v1/ads/ad-3").body()).isEqualTo(stored);
    assertThat(json(t.get("/v1/ads?campaign=spring-sale")).path("ads").get(0).toString())
        .isEqualTo(stored);
    assertThat(json(t.get("/v1/ads")).path("total").asInt()).isEqualTo(1);
    problem(t.get("/v1/ads?campaign=ghost"), 404, "not-found");

    JsonNode inUse = problem(delete("/v1/campaigns/spring-sale"), 409, "campaign-has-ads");
    assertThat(inUse.path("ad_ids").get(0).asText()).isEqualTo("ad-3");
    assertThat(t.get("/v1/campaigns/spring-sale").statusCode()).isEqualTo(200);
    assertThat(delete("/v1/ads/ad-3").statusCode()).isEqualTo(204);
    problem(delete("/v1/ads/ad-3"), 404, "not-found");
    assertThat(delete("/v1/campaigns/spring-sale").statusCode()).isEqualTo(204);
    problem(t.get("/v1/campaigns/spring-sale"), 404, "not-found");
    problem(delete("/v1/campaigns/spring-sale"), 404, "not-found");
  }

  @Test
  void aUserWhoseEventsFitTheSegmentIsInIt() {
    put("/v1/campaigns/spring-sale", SPRING);
    put(
        "/v1/campaigns/everyone",
        SPRING.replace("\"segment\": \"" + SEGMENT + "\"", "\"segment\": null"));
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      for (String user : List.of("fan", "buyer")) {
        events
            .append("{\"event_id\":\"")
            .append(user)
            .append(i)
            .append("\",\"type\":\"click\",\"user_id\":\"")
            .append(user)
            .append("\",\"item_id\":\"s-")
            .append(i)
            .append("\",\"category\":\"sports\",")
            .append("\"timestamp\":\"2026-11-24T12:2")
            .append(i)
            .append(":00Z\"}\n");
      }
    }
    events
        .append(
            "{\"event_id\":\"b9\",\"type\":\"purchase\",\"user_id\":\"buyer\",\"item_id\":\"p-9\",")
        .append("\"category\":\"sports\",\"value\":20,\"timestamp\":\"2026-11-24T12:23:00Z\"}\n");
    assertThat(t.postNdjson(events.toString()).statusCode()).isEqualTo(202);

    JsonNode fan = json(t.get("/v1/users/fan/segments"));
    assertThat(fan.path("user_id").asText()).isEqualTo("fan");
    assertThat(fan.path("now").asText()).isEqualTo("2026-11-24T12:23:00Z");
    assertThat(fan.path("campaigns")).hasSize(1);
    assertThat(fan.path("campaigns").get(0).path("id").asText()).isEqualTo("spring-sale");
    assertThat(fan.path("campaigns").get(0).path("segment").asText())
        .contains("profile.purchased(\"p-9\")");
    assertThat(json(t.get("/v1/users/buyer/segments")).path("campaigns"))
        .as("bought p-9")
        .isEmpty();
    assertThat(json(t.get("/v1/users/nobody/segments")).path("campaigns")).isEmpty();
  }

  @Test
  void decisionsChooseFromTheStoreAsSoonAsAWriteReturns() {
    assertThat(json(t.get("/v1/decisions?user_id=u-1&placement=home_banner")).path("ads"))
        .isEmpty();
    put(
        "/v1/campaigns/spring-sale",
        SPRING.replace("\"segment\": \"" + SEGMENT + "\"", "\"segment\": null"));
    put("/v1/ads/ad-3", AD);
    JsonNode d = json(t.get("/v1/decisions?user_id=u-1&placement=home_banner"));
    assertThat(d.path("ads")).hasSize(1);
    assertThat(d.path("ads").get(0).path("ad_id").asText()).isEqualTo("ad-3");
    put("/v1/ads/ad-3", AD.replace("}\n", ", \"status\": \"paused\"}\n"));
    assertThat(json(t.get("/v1/decisions?user_id=u-2&placement=home_banner")).path("ads"))
        .as("paused")
        .isEmpty();
  }

  @Test
  void definitionsSurviveARestart() {
    put("/v1/campaigns/spring-sale", SPRING);
    put("/v1/ads/ad-3", AD);
    t.close();
    t = TestServer.start(dataDir);
    assertThat(t.get("/v1/campaigns/spring-sale").body()).isEqualTo(SPRING_STORED);
    assertThat(json(t.get("/v1/ads/ad-3")).path("placements").toString())
        .isEqualTo("[\"home_banner\",\"sidebar\"]");
  }
}
