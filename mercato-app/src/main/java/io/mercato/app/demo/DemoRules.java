package io.mercato.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's two automation rules, created through {@code POST /v1/rules} beside the demo's campaigns
 * (tagged {@value #TAG}) so a newcomer sees a rule act within the first minutes and its change in the
 * audit timeline:
 * <ul>
 *   <li>{@value #LOW_CVR}: when a campaign's 10-minute CVR is below 30% after at least 3 clicks, its
 *       discount goes up by 5 points, at most to 30% (checked as its KPIs change, at most every 10 s;
 *       then it cools down for 2 minutes on that campaign; at most 6 times a day). The synthetic shoppers
 *       convert 20% of their clicks, so most campaigns qualify within a minute or two.</li>
 *   <li>{@value #ON_PACE}: when a campaign's participants are on pace for its goal (share of the goal
 *       reached ≥ share of its run elapsed) after 20 impressions, its end is extended by a day, never
 *       beyond 60 days after the demo started (checked as its KPIs change, at most every 5 s; once a day
 *       per campaign).</li>
 * </ul>
 * A rule that exists already (a second run on the same data directory) is left as it is: the person
 * watching may have edited it.
 */
public final class DemoRules {
  public static final String TAG = "demo";
  public static final String LOW_CVR = "demo-low-cvr-discount";
  public static final String ON_PACE = "demo-extend-on-pace";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoRules() {}

  /** Creates the rules that do not exist yet; returns their ids. */
  public static List<String> setUp(URI base, Instant now) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    create(http, base, lowCvr());
    create(http, base, onPace(now));
    return List.of(LOW_CVR, ON_PACE);
  }

  static ObjectNode lowCvr() {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", LOW_CVR);
    r.put("name", "Raise the discount by 5 points when the 10-minute CVR drops below 30%");
    r.putObject("scope").put("condition", "\"" + TAG + "\" in campaign.tags");
    r.put("window", "10m");
    r.put("condition", "cvr < 0.3");
    r.putObject("min_sample").put("clicks", 3);
    r.putObject("trigger").put("on_kpi_change", "10s");
    r.put("cooldown", "2m");
    r.put("max_actions_per_day", 6);
    r.putArray("actions")
        .addObject()
        .put("type", "change_discount")
        .put("how", "add")
        .put("amount", 5)
        .put("max", 30);
    r.put("mode", "auto");
    return r;
  }

  static ObjectNode onPace(Instant now) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", ON_PACE);
    r.put("name", "Extend a campaign by a day while its participants are on pace");
    r.putObject("scope").put("condition", "\"" + TAG + "\" in campaign.tags");
    r.put("window", "1h");
    r.put("condition", "goal_on_pace[\"participants\"]");
    r.putObject("min_sample").put("impressions", 20);
    r.putObject("trigger").put("on_kpi_change", "5s");
    r.put("cooldown", "1d");
    r.put("max_actions_per_day", 1);
    r.putArray("actions")
        .addObject()
        .put("type", "extend_end")
        .put("by", "1d")
        .put("ceiling", now.plus(Duration.ofDays(60)).toString());
    r.put("mode", "auto");
    return r;
  }

  private static void create(HttpClient http, URI base, ObjectNode rule)
      throws IOException, InterruptedException {
    String id = rule.path("id").asText();
    HttpResponse<String> existing =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/rules/" + id))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (existing.statusCode() == 200) {
      return;
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/rules"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Actor", "demo")
                .POST(HttpRequest.BodyPublishers.ofString(rule.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IOException(
          "POST /v1/rules (" + id + ") answered " + r.statusCode() + ": " + r.body());
    }
  }
}
