package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/decisions}, {@code /v1/decisions/check} and campaign KPIs (JSON and SSE) over HTTP. */
class DecisionsApiIT {
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    // through the real campaign API and its H2 store: campaign "sale" targets users who bought
    // something
    put(
        "/v1/campaigns/sale",
        """
        {"name": "Sale", "start": "2026-11-23T12:30:00Z", "end": "2026-11-25T12:30:00Z", "time_zone": "UTC",
         "status": "active", "currency": "EUR", "total_budget": 1000, "daily_budget": 500,
         "segment": "profile.purchases > 0", "goals": {"participants": 10, "conversions": 2},
         "frequency_caps": {"ad_per_hour": 2, "ad_per_day": 5, "campaign_per_hour": 3, "campaign_per_day": 10}}
        """);
    put(
        "/v1/ads/shoes",
        """
        {"campaign_id": "sale", "creative": {"title": "Shoes -20%", "landing_url": "https://shop.example.com/shoes"},
         "category": "sports", "placements": ["home"], "bid": {"type": "cpc", "amount": "0.50"}, "status": "active"}
        """);
    put(
        "/v1/ads/socks",
        """
        {"campaign_id": "sale", "creative": {"title": "Socks", "landing_url": "https://shop.example.com/socks"},
         "category": "sports", "placements": ["home"], "bid": {"type": "cpm", "amount": 4}, "status": "active"}
        """);
    for (String buyer : List.of("buyer-1", "buyer-2", "buyer-3")) {
      t.postJson(
          "{\"event_id\":\"before-"
              + buyer
              + "\",\"type\":\"purchase\",\"user_id\":\""
              + buyer
              + "\",\"item_id\":\"p-0\",\"value\":10,\"timestamp\":\"2026-11-24T12:00:00Z\"}");
    }
  }

  private void put(String path, String body) {
    HttpResponse<String> r =
        t.send(
            HttpRequest.newBuilder(t.uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void aDecisionRecordsItsImpressionAndTheLoopFeedsTheKpis() {
    HttpResponse<String> r = t.get("/v1/decisions?user_id=buyer-1&placement=home&n=2");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = json(r);
    assertThat(d.path("ads")).hasSize(2);
    JsonNode first = d.path("ads").get(0);
    assertThat(first.path("impression_id").asText()).startsWith(d.path("decision_id").asText());
    assertThat(first.path("reasons").get(0).asText()).contains("profile.purchases > 0");
    assertThat(first.path("p_ctr").asDouble()).isBetween(0.001, 0.05);
    // reposting the decision's impression is a duplicate, not a second impression
    String imp = first.path("impression_id").asText();
    HttpResponse<String> repost =
        t.postJson(
            "{\"event_id\":\""
                + imp
                + "\",\"type\":\"impression\",\"user_id\":\"buyer-1\","
                + "\"ad_id\":\""
                + first.path("ad_id").asText()
                + "\",\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    assertThat(json(repost).path("duplicates").asInt()).as(repost.body()).isEqualTo(1);
    // a click on the CPC ad and a purchase carrying the campaign
    t.postJson(
        "{\"event_id\":\"k1\",\"type\":\"ad_click\",\"user_id\":\"buyer-1\",\"ad_id\":\"shoes\","
            + "\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    t.postJson(
        "{\"event_id\":\"p1\",\"type\":\"purchase\",\"user_id\":\"buyer-1\",\"item_id\":\"p-1\","
            + "\"campaign_id\":\"sale\",\"value\":42.5,\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    JsonNode k = json(t.get("/v1/campaigns/sale/kpis?window=1h"));
    assertThat(k.path("impressions").asLong()).isEqualTo(2);
    assertThat(k.path("clicks").asLong()).isEqualTo(1);
    assertThat(k.path("conversions").asLong()).isEqualTo(1);
    assertThat(k.path("revenue").decimalValue()).isEqualByComparingTo("42.5");
    assertThat(k.path("spend").decimalValue())
        .isEqualByComparingTo("0.504"); // 0.50 click + 4/1000 impression
    assertThat(k.path("ctr").asDouble()).isEqualTo(0.5);
    assertThat(k.path("participants").asLong()).isEqualTo(1);
    assertThat(k.path("budget").path("left").decimalValue()).isEqualByComparingTo("999.496");
    assertThat(k.path("series")).hasSize(60);
    assertThat(k.path("goals").get(1).path("summary").asText())
        .startsWith("conversions 1 of 2 (50%), 50% of the time");
  }

  @Test
  void capsHoldAndEveryRuleExplainsItself() {
    // two ads per decision, but the campaign allows 3 impressions per user per hour
    assertThat(json(t.get("/v1/decisions?user_id=buyer-2&placement=home&n=2")).path("ads"))
        .hasSize(2);
    assertThat(json(t.get("/v1/decisions?user_id=buyer-2&placement=home&n=2")).path("ads"))
        .hasSize(1);
    // campaign cap 3 per hour: at most 3 impressions whatever was asked
    JsonNode k = json(t.get("/v1/campaigns/sale/kpis"));
    assertThat(k.path("impressions").asLong()).isEqualTo(3);
    JsonNode empty = json(t.get("/v1/decisions?user_id=buyer-2&placement=home"));
    assertThat(empty.path("ads")).isEmpty();
    assertThat(empty.path("reasons").toString()).contains("maximum number of times this hour");
    JsonNode check = json(t.get("/v1/decisions/check?user_id=buyer-2&ad_id=shoes"));
    assertThat(check.path("eligible").asBoolean()).isFalse();
    JsonNode outsider = json(t.get("/v1/decisions/check?user_id=someone&ad_id=shoes"));
    assertThat(outsider.path("eligible").asBoolean()).isFalse();
    assertThat(outsider.path("reasons").get(0).asText())
        .isEqualTo("the user is not in the campaign's segment");
    assertThat(
            json(t.get("/v1/decisions?user_id=someone&placement=home"))
                .path("rejected")
                .path("segment")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void badRequestsAreProblemsNamingTheField() {
    assertThat(problem(t.get("/v1/decisions?placement=home"), 400, "invalid-request").toString())
        .contains("user_id");
    assertThat(
            problem(t.get("/v1/decisions?user_id=u&placement=home&n=0"), 400, "invalid-request")
                .toString())
        .contains("\"n\"");
    assertThat(problem(t.get("/v1/decisions/check?user_id=u"), 400, "invalid-request").toString())
        .contains("ad_id");
    problem(t.get("/v1/decisions/check?user_id=u&ad_id=nope"), 404, "not-found");
    problem(t.get("/v1/campaigns/nope/kpis"), 404, "not-found");
    assertThat(
            problem(t.get("/v1/campaigns/sale/kpis?window=2h"), 400, "invalid-request").toString())
        .contains("window");
    problem(t.get("/v1/campaigns/nope/kpis/stream"), 404, "not-found");
    assertThat(problem(t.get("/v1/campaigns/sale/kpis/stream"), 400, "invalid-request").toString())
        .contains("Accept");
  }

  @Test
  void theKpiStreamPushesTheKpisAsServerSentEvents() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest req =
        HttpRequest.newBuilder(t.uri("/v1/campaigns/sale/kpis/stream?window=10m"))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
      JsonNode firstEvent = nextKpis(in);
      assertThat(firstEvent.path("campaign_id").asText()).isEqualTo("sale");
      assertThat(firstEvent.path("window").asText()).isEqualTo("10m");
      t.get("/v1/decisions?user_id=buyer-3&placement=home");
      JsonNode later = nextKpis(in);
      for (int i = 0; i < 10 && later.path("impressions").asLong() == 0; i++) {
        later = nextKpis(in);
      }
      assertThat(later.path("impressions").asLong()).isEqualTo(1);
    }
  }

  private static JsonNode nextKpis(BufferedReader in) throws Exception {
    String line;
    boolean kpis = false;
    while ((line = in.readLine()) != null) {
      if (line.equals("event: kpis")) {
        kpis = true;
      } else if (kpis && line.startsWith("data: ")) {
        return Json.mapper().readTree(line.substring(6));
      }
    }
    throw new AssertionError("stream ended");
  }
}
