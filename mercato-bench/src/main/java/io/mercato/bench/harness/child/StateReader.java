package io.mercato.bench.harness.child;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the parts of a server's state that do not depend on when they are read, so two readings
 * (before and after a restart) can be compared for equality: the global all-time event counts per
 * type, the catalog, campaign and ad listings, and the time-independent members of user profiles.
 * Every read must answer 200; anything else throws {@link IllegalStateException} with the answer.
 */
public final class StateReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Profile members that move with "now" (windowed counts, decayed affinity): left out of comparisons. */
  private static final List<String> TIME_DEPENDENT_PROFILE_MEMBERS =
      List.of("now", "counts", "affinity", "affinity_share");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;

  public StateReader(URI base) {
    this.base = base;
  }

  /** {@code all_time} of {@code GET /v1/stats} (global): events per type since the data directory was created. */
  public Map<String, Long> eventCounts() {
    JsonNode stats = get("/v1/stats?window=1m");
    Map<String, Long> counts = new TreeMap<>();
    stats
        .path("all_time")
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /** {@code GET /v1/campaigns}: every campaign, as answered. */
  public JsonNode campaigns() {
    return get("/v1/campaigns");
  }

  /** {@code GET /v1/ads}: every ad, as answered. */
  public JsonNode ads() {
    return get("/v1/ads");
  }

  /** Every catalog entry, paging through {@code GET /v1/items}, as one array in id order. */
  public ArrayNode catalog() {
    ArrayNode all = JSON.createArrayNode();
    String after = null;
    do {
      JsonNode page =
          get("/v1/items?limit=1000" + (after == null ? "" : "&after=" + encode(after)));
      page.path("items").forEach(all::add);
      after = page.path("next_after").isTextual() ? page.path("next_after").asText() : null;
    } while (after != null);
    return all;
  }

  /**
   * {@code GET /v1/users/{id}/profile} without its time-dependent members; for any answer but 200 a
   * text such as {@code "404"}, so that two readings compare equal when they answer alike.
   */
  public JsonNode profile(String userId) {
    HttpResponse<String> r = send("/v1/users/" + encode(userId) + "/profile");
    if (r.statusCode() != 200) {
      return JSON.getNodeFactory().textNode(Integer.toString(r.statusCode()));
    }
    JsonNode p = parse(r, "/v1/users/" + userId + "/profile");
    if (p instanceof ObjectNode o) {
      TIME_DEPENDENT_PROFILE_MEMBERS.forEach(o::remove);
    }
    return p;
  }

  /** GET {@code pathAndQuery}, which must answer 200 with JSON. */
  public JsonNode get(String pathAndQuery) {
    return parse(send(pathAndQuery), pathAndQuery);
  }

  private HttpResponse<String> send(String pathAndQuery) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(base + pathAndQuery))
              .timeout(Duration.ofSeconds(60))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("GET " + pathAndQuery + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + pathAndQuery, e);
    }
  }

  private static JsonNode parse(HttpResponse<String> r, String what) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + what + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "GET " + what + " answered 200 with a body that is not JSON: " + abbreviate(r.body()), e);
    }
  }

  /** Percent-encodes one path segment or query value (space as %20, so it works in both). */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }
}
