package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercato.core.ads.Ad;
import io.mercato.core.ads.AdInventory;
import io.mercato.core.ads.AdStatus;
import io.mercato.core.ads.Bid;
import io.mercato.core.ads.BidType;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignGoals;
import io.mercato.core.ads.CampaignStatus;
import io.mercato.core.ads.Creative;
import io.mercato.core.ads.FrequencyCaps;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/decisions}, {@code /v1/decisions/check} and campaign KPIs (JSON and SSE) over HTTP. */
class DecisionsApiIT {
  @TempDir
  Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    Instant now = TestServer.NOW;
    Campaign sale = new Campaign("sale", "Sale", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)),
        ZoneOffset.UTC, CampaignStatus.ACTIVE, "EUR", new BigDecimal("1000"), new BigDecimal("500"), null,
        "buyers only", new CampaignGoals(10L, null, 2L), new FrequencyCaps(2, 5, 3, 10), 0);
    Ad shoes = new Ad("shoes", "sale", new Creative("Shoes -20%", null, "https://shop.example.com/shoes"), "sports",
        Set.of("home"), new Bid(BidType.CPC, new BigDecimal("0.50")), AdStatus.ACTIVE, 0);
    Ad socks = new Ad("socks", "sale", new Creative("Socks", null, "https://shop.example.com/socks"), "sports",
        Set.of("home"), new Bid(BidType.CPM, new BigDecimal("4")), AdStatus.ACTIVE, 0);
    t.engine.ads().useInventory(new MapInventory(List.of(sale), List.of(shoes, socks)));
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
    assertThat(first.path("reasons").get(0).asText()).contains("buyers only");
    assertThat(first.path("p_ctr").asDouble()).isBetween(0.001, 0.05);
    // reposting the decision's impression is a duplicate, not a second impression
    String imp = first.path("impression_id").asText();
    HttpResponse<String> repost = t.postJson("{\"event_id\":\"" + imp + "\",\"type\":\"impression\",\"user_id\":\"buyer-1\","
        + "\"ad_id\":\"" + first.path("ad_id").asText() + "\",\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    assertThat(json(repost).path("duplicates").asInt()).as(repost.body()).isEqualTo(1);
    // a click on the CPC ad and a purchase carrying the campaign
    t.postJson("{\"event_id\":\"k1\",\"type\":\"ad_click\",\"user_id\":\"buyer-1\",\"ad_id\":\"shoes\","
        + "\"campaign_id\":\"sale\",\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    t.postJson("{\"event_id\":\"p1\",\"type\":\"purchase\",\"user_id\":\"buyer-1\",\"item_id\":\"p-1\","
        + "\"campaign_id\":\"sale\",\"value\":42.5,\"timestamp\":\"2026-11-24T12:30:00Z\"}");
    JsonNode k = json(t.get("/v1/campaigns/sale/kpis?window=1h"));
    assertThat(k.path("impressions").asLong()).isEqualTo(2);
    assertThat(k.path("clicks").asLong()).isEqualTo(1);
    assertThat(k.path("conversions").asLong()).isEqualTo(1);
    assertThat(k.path("revenue").decimalValue()).isEqualByComparingTo("42.5");
    assertThat(k.path("spend").decimalValue()).isEqualByComparingTo("0.504"); // 0.50 click + 4/1000 impression
    assertThat(k.path("ctr").asDouble()).isEqualTo(0.5);
    assertThat(k.path("participants").asLong()).isEqualTo(1);
    assertThat(k.path("budget").path("left").decimalValue()).isEqualByComparingTo("999.496");
    assertThat(k.path("series")).hasSize(60);
    assertThat(k.path("goals").get(1).path("summary").asText()).startsWith("conversions 1 of 2 (50%), 50% of the time");
  }

  @Test
  void capsHoldAndEveryRuleExplainsItself() {
    // two ads per decision, but the campaign allows 3 impressions per user per hour
    assertThat(json(t.get("/v1/decisions?user_id=buyer-2&placement=home&n=2")).path("ads")).hasSize(2);
    assertThat(json(t.get("/v1/decisions?user_id=buyer-2&placement=home&n=2")).path("ads")).hasSize(1);
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
    assertThat(outsider.path("reasons").get(0).asText()).isEqualTo("the user is not in the campaign's segment");
    assertThat(json(t.get("/v1/decisions?user_id=someone&placement=home")).path("rejected").path("segment").asInt())
        .isEqualTo(2);
  }

  @Test
  void badRequestsAreProblemsNamingTheField() {
    assertThat(problem(t.get("/v1/decisions?placement=home"), 400, "invalid-request").toString()).contains("user_id");
    assertThat(problem(t.get("/v1/decisions?user_id=u&placement=home&n=0"), 400, "invalid-request").toString())
        .contains("\"n\"");
    assertThat(problem(t.get("/v1/decisions/check?user_id=u"), 400, "invalid-request").toString()).contains("ad_id");
    problem(t.get("/v1/decisions/check?user_id=u&ad_id=nope"), 404, "not-found");
    problem(t.get("/v1/campaigns/nope/kpis"), 404, "not-found");
    assertThat(problem(t.get("/v1/campaigns/sale/kpis?window=2h"), 400, "invalid-request").toString())
        .contains("window");
    problem(t.get("/v1/campaigns/nope/kpis/stream"), 404, "not-found");
    assertThat(problem(t.get("/v1/campaigns/sale/kpis/stream"), 400, "invalid-request").toString()).contains("Accept");
  }

  @Test
  void theKpiStreamPushesTheKpisAsServerSentEvents() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest req = HttpRequest.newBuilder(t.uri("/v1/campaigns/sale/kpis/stream?window=10m"))
        .header("Accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
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

  /** A fixed inventory; the segment "buyers only" matches users whose id starts with "buyer". */
  private static final class MapInventory implements AdInventory {
    private final Map<String, Campaign> campaigns = new TreeMap<>();
    private final Map<String, Ad> ads = new TreeMap<>();

    MapInventory(List<Campaign> cs, List<Ad> as) {
      cs.forEach(c -> campaigns.put(c.id(), c));
      as.forEach(a -> ads.put(a.id(), a));
    }

    @Override
    public Collection<Campaign> campaigns() {
      return campaigns.values();
    }

    @Override
    public Campaign campaign(String id) {
      return campaigns.get(id);
    }

    @Override
    public Ad ad(String id) {
      return ads.get(id);
    }

    @Override
    public List<Ad> adsOf(String campaignId) {
      return ads.values().stream().filter(a -> a.campaignId().equals(campaignId)).toList();
    }

    @Override
    public List<Ad> adsIn(String placement) {
      return ads.values().stream().filter(a -> a.placements().contains(placement)).toList();
    }

    @Override
    public Segment segmentOf(String campaignId) {
      Campaign c = campaigns.get(campaignId);
      if (c == null || c.segment() == null) {
        return null;
      }
      return new Segment() {
        @Override
        public String expression() {
          return c.segment();
        }

        @Override
        public boolean matches(SegmentInput in) {
          return in.userId().startsWith("buyer");
        }
      };
    }
  }
}
