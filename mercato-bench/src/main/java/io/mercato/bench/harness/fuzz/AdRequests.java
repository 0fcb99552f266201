package io.mercato.bench.harness.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.server.Routes;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Campaigns, ads and decisions: the live campaign and ad the run sets up first (every decision for
 * placement {@value #PLACEMENT} may then serve an ad, which writes an impression event: the harness
 * counts those from the answers), valid decisions, the KPI stream, and campaigns whose segment is a
 * CEL cost bomb (some with an ad in the live placement, so decisions evaluate them). Not thread-safe.
 */
final class AdRequests {
  static final String PLACEMENT = "fz_home";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RandomGenerator random;
  private final InstantSource clock;
  private final ValidEvents valid;

  AdRequests(RandomGenerator random, InstantSource clock, ValidEvents valid) {
    this.random = random;
    this.clock = clock;
    this.valid = valid;
  }

  /** The live campaign and its ad: both must be stored (200). */
  List<FuzzCase> setup(long firstIndex) {
    ObjectNode campaign = campaign("Fuzz live", "active");
    ObjectNode ad = ad(ValidEvents.LIVE_CAMPAIGN);
    return List.of(
        put(
            firstIndex,
            "setup",
            Routes.PUT_CAMPAIGN.toString(),
            "/v1/campaigns/" + ValidEvents.LIVE_CAMPAIGN,
            campaign,
            Expectation.oneOf(200)),
        put(
            firstIndex + 1,
            "setup",
            Routes.PUT_AD.toString(),
            "/v1/ads/" + ValidEvents.LIVE_AD,
            ad,
            Expectation.oneOf(200)));
  }

  /** A campaign whose segment is a cost bomb; now and then an ad for it in the live placement. */
  FuzzCase celBomb(long index) {
    int k = random.nextInt(4);
    if (random.nextInt(4) == 0) {
      ObjectNode ad = ad("fz-bomb-" + k);
      return put(
          index,
          "campaigns/cel-bomb-ad",
          Routes.PUT_AD.toString(),
          "/v1/ads/fz-bomb-ad-" + k,
          ad,
          Expectation.any());
    }
    ObjectNode c = campaign("Bomb " + k, random.nextBoolean() ? "active" : "draft");
    c.put("segment", CelBombs.any(random));
    return put(
        index,
        "campaigns/cel-bomb",
        Routes.PUT_CAMPAIGN.toString(),
        "/v1/campaigns/fz-bomb-" + k,
        c,
        Expectation.any());
  }

  /** A valid decision request for a valid user in the live placement: 200 (with or without ads). */
  FuzzCase decision(long index) {
    String target =
        "/v1/decisions?user_id="
            + Wire.percentEncode(valid.userId())
            + "&placement="
            + PLACEMENT
            + "&n="
            + (1 + random.nextInt(3))
            + (random.nextBoolean() ? "&explore=false" : "");
    RawRequest r = Wire.request("GET", target).build();
    return new FuzzCase(
        index, "decisions/valid", Routes.DECISIONS.toString(), r, Expectation.oneOf(200));
  }

  /** The live campaign's KPI stream: 200 and a first event. */
  FuzzCase kpiStream(long index) {
    RawRequest r =
        Wire.request("GET", "/v1/campaigns/" + ValidEvents.LIVE_CAMPAIGN + "/kpis/stream?window=1h")
            .header("Accept", "text/event-stream")
            .eventStream()
            .build();
    return new FuzzCase(
        index,
        "campaigns/kpi-stream",
        Routes.CAMPAIGN_KPIS_STREAM.toString(),
        r,
        Expectation.oneOf(200));
  }

  private ObjectNode campaign(String name, String status) {
    ObjectNode c = JSON.createObjectNode();
    c.put("name", name);
    c.put("start", clock.instant().minus(Duration.ofDays(1)).toString());
    c.put("end", clock.instant().plus(Duration.ofDays(365)).toString());
    c.put("status", status);
    c.put("currency", "EUR");
    c.put("total_budget", 1_000_000);
    c.put("daily_budget", 100_000);
    ObjectNode caps = c.putObject("frequency_caps");
    for (String cap :
        List.of("ad_per_hour", "ad_per_day", "campaign_per_hour", "campaign_per_day")) {
      caps.put(cap, 1_000_000);
    }
    return c;
  }

  private static ObjectNode ad(String campaignId) {
    ObjectNode a = JSON.createObjectNode();
    a.put("campaign_id", campaignId);
    ObjectNode creative = a.putObject("creative");
    creative.put("title", "Fuzz ad");
    creative.put("landing_url", "https://shop.example/fz");
    a.putArray("placements").add(PLACEMENT);
    ObjectNode bid = a.putObject("bid");
    bid.put("type", "cpm");
    bid.put("amount", "1.00");
    return a;
  }

  private static FuzzCase put(
      long index, String kind, String route, String path, ObjectNode body, Expectation e) {
    RawRequest r = Wire.request("PUT", path).body("application/json", RawJson.encode(body)).build();
    return new FuzzCase(index, kind, route, r, e);
  }
}
