package io.mercato.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.synthetic.SyntheticTraffic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's ad loop. At start it creates one campaign per product category through
 * {@code PUT /v1/campaigns/{id}} — segment {@code profile.affinity["<category>"] > 0.2}, which the
 * synthetic users who prefer that category fall into as they browse — with three ads each through
 * {@code PUT /v1/ads/{id}}: CPC ads of different true appeal, so exploration has something to find.
 * Then, a few times a second, a synthetic user — most of the time one seen browsing in the last ten
 * minutes, found through {@code /v1/events/sample}, since only they have the affinity a segment
 * looks for — asks {@code /v1/decisions} for the {@code home_banner}
 * placement and clicks the ad shown with its true CTR (higher when the ad's category is one the
 * user prefers), and now and then converts; clicks and conversions go back through
 * {@code /v1/events}. So the whole loop runs: decision → impression → click → CTR and spend → next
 * decision.
 */
public final class DemoAds {
  private static final Logger LOG = LoggerFactory.getLogger(DemoAds.class);
  public static final String PLACEMENT = "home_banner";

  /** True CTR of each campaign's three ads for a user who likes the category; a third of it otherwise. */
  static final double[] TRUE_CTR = {0.08, 0.04, 0.02};

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SyntheticTraffic world;
  private final URI base;
  private final InstantSource clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SplittableRandom random;
  private final DemoLoop loop;
  private final AtomicLong decisions = new AtomicLong();
  private final AtomicLong shown = new AtomicLong();
  private final AtomicLong matching = new AtomicLong();
  private final AtomicLong clicks = new AtomicLong();
  private final AtomicLong bestShown = new AtomicLong();
  private long eventSeq;
  private List<Integer> active = List.of();
  private long activeRefreshed;

  public DemoAds(
      SyntheticTraffic world, URI base, InstantSource clock, double requestsPerSecond, long seed) {
    this.world = world;
    this.base = base;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
    this.loop = new DemoLoop("mercato-demo-ads", requestsPerSecond, this::serveOne, LOG);
  }

  /** Creates the campaigns and ads; throws when the server refuses one (a demo bug worth seeing). */
  public void setUp() throws IOException, InterruptedException {
    Instant now = clock.instant();
    for (String category : world.catalog().categories()) {
      ObjectNode c = JSON.createObjectNode();
      c.put("name", "Demo " + category + " week");
      c.put("start", now.minus(Duration.ofHours(1)).toString());
      c.put("end", now.plus(Duration.ofDays(7)).toString());
      c.put("time_zone", "UTC");
      c.put("status", "active");
      c.put("currency", "EUR");
      c.put("total_budget", 5000);
      c.put("daily_budget", 1000);
      c.put("segment", "profile.affinity[\"" + category + "\"] > 0.2");
      c.putObject("goals").put("participants", 500).put("conversions", 100);
      c.putObject("discount").put("kind", "percent").put("value", 10);
      c.putArray("tags").add(DemoRules.TAG); // the demo's rules act on campaigns with this tag
      put("/v1/campaigns/" + campaignId(category), c);
      for (int k = 0; k < TRUE_CTR.length; k++) {
        ObjectNode ad = JSON.createObjectNode();
        ad.put("campaign_id", campaignId(category));
        ad.putObject("creative")
            .put("title", category + " offer " + (k + 1))
            .put("landing_url", "https://shop.example.com/" + category + "/" + (k + 1));
        ad.put("category", category);
        ad.putArray("placements").add(PLACEMENT);
        ad.putObject("bid").put("type", "cpc").put("amount", 0.40);
        ad.put("status", "active");
        put("/v1/ads/" + adId(category, k), ad);
      }
    }
  }

  public static String campaignId(String category) {
    return "demo-" + category;
  }

  static String adId(String category, int k) {
    return "demo-" + category + "-" + (k + 1);
  }

  public void start() {
    loop.start();
  }

  public void stop() throws InterruptedException {
    loop.stop();
  }

  public long decisions() {
    return decisions.get();
  }

  public long shown() {
    return shown.get();
  }

  public long clicks() {
    return clicks.get();
  }

  /** Share of shown ads whose category the user prefers. */
  public double matchShare() {
    return shown.get() == 0 ? Double.NaN : (double) matching.get() / shown.get();
  }

  /** Share of shown ads that were their campaign's best ad (the one with the highest true CTR). */
  public double bestShare() {
    return shown.get() == 0 ? Double.NaN : (double) bestShown.get() / shown.get();
  }

  private void serveOne() throws Exception {
    refreshActiveUsers();
    int n =
        !active.isEmpty() && random.nextDouble() < 0.8
            ? active.get(random.nextInt(active.size()))
            : 1 + random.nextInt(world.users());
    String user = "u-" + n;
    List<String> taste = world.preferredCategories(n);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    base.resolve("/v1/decisions?user_id=" + user + "&placement=" + PLACEMENT))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return;
    }
    decisions.incrementAndGet();
    StringBuilder events = new StringBuilder();
    for (JsonNode ad : JSON.readTree(r.body()).path("ads")) {
      String adId = ad.path("ad_id").asText();
      String category = ad.path("category").asText();
      int rank = Integer.parseInt(adId.substring(adId.lastIndexOf('-') + 1)) - 1;
      boolean likes = taste.contains(category);
      shown.incrementAndGet();
      matching.addAndGet(likes ? 1 : 0);
      bestShown.addAndGet(rank == 0 ? 1 : 0);
      double ctr = TRUE_CTR[Math.min(rank, TRUE_CTR.length - 1)] * (likes ? 1 : 1.0 / 3);
      if (random.nextDouble() < ctr) {
        clicks.incrementAndGet();
        String campaign = ad.path("campaign_id").asText();
        events.append(event("ad_click", user, adId, campaign, null)).append('\n');
        if (random.nextDouble() < 0.2) {
          events
              .append(event("conversion", user, adId, campaign, 20 + random.nextInt(80)))
              .append('\n');
        }
      }
    }
    if (events.length() > 0) {
      http.send(
          HttpRequest.newBuilder(base.resolve("/v1/events"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofString(events.toString()))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  /** Every 5 s: the users of a sample of the last ten minutes' events. */
  private void refreshActiveUsers() throws IOException, InterruptedException {
    long now = System.nanoTime();
    if (!active.isEmpty() && now - activeRefreshed < 5_000_000_000L) {
      return;
    }
    activeRefreshed = now;
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/events/sample?n=200&window=10m"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return;
    }
    Set<Integer> users = new TreeSet<>();
    for (JsonNode e : JSON.readTree(r.body()).path("events")) {
      String u = e.path("user_id").asText();
      if (u.startsWith("u-")) {
        try {
          users.add(Integer.parseInt(u.substring(2)));
        } catch (NumberFormatException ignored) {
          // not one of the synthetic users
        }
      }
    }
    active = List.copyOf(users);
  }

  private String event(String type, String user, String adId, String campaign, Integer value)
      throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("event_id", "demo-ad-" + clock.millis() + "-" + (eventSeq++));
    e.put("type", type);
    e.put("user_id", user);
    e.put("ad_id", adId);
    e.put("campaign_id", campaign);
    if (value != null) {
      e.put("value", value);
    }
    e.put("timestamp", Instant.ofEpochMilli(clock.millis()).toString());
    return JSON.writeValueAsString(e);
  }

  private void put(String path, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** The KPIs of every demo campaign as a map id → JSON, for the summary. */
  public Map<String, JsonNode> kpis() {
    Map<String, JsonNode> out = new TreeMap<>();
    for (String category : world.catalog().categories()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(
                        base.resolve("/v1/campaigns/" + campaignId(category) + "/kpis?window=1h"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          out.put(campaignId(category), JSON.readTree(r.body()));
        }
      } catch (IOException e) {
        LOG.debug("KPI read failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return out;
  }
}
