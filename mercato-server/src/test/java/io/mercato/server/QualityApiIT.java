package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/quality}, the {@code source} of {@code POST /v1/events} and the quality metrics, on a real engine. */
class QualityApiIT {
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

  private static String at(String id, String user, String time) {
    return "{\"event_id\":\""
        + id
        + "\",\"type\":\"view\",\"user_id\":\""
        + user
        + "\",\"item_id\":\"p-1\","
        + "\"timestamp\":\""
        + time
        + "\"}";
  }

  private static JsonNode source(JsonNode quality, String name) {
    for (JsonNode s : quality.path("sources")) {
      if (s.path("source").asText().equals(name)) {
        return s.path("accounting");
      }
    }
    throw new AssertionError("no source " + name + " in " + quality);
  }

  private List<JsonNode> deadLetters() throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dataDir.resolve("dead-letter"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          all.add(Json.mapper().readTree(line));
        }
      }
    }
    return all;
  }

  @Test
  void everyRecordOfEverySourceIsAccountedForWithReasonsFieldsAndLateness() throws IOException {
    // newest event time 12:00:00 (the engine's clock is 12:30); lateness 10m, longest window 7d
    String body =
        String.join(
                "\n",
                at("w-1", "u-1", "2026-11-24T12:00:00Z"),
                at(
                    "w-2",
                    "u-2",
                    "2026-11-24T11:55:00Z"), // late, within the lateness: counted exactly
                at(
                    "w-3",
                    "u-3",
                    "2026-11-24T10:00:00Z"), // very late: counted where buckets are kept
                "{\"event_id\":\"w-4\",\"type\":\"view\",\"timestamp\":\"2026-11-24T12:00:00Z\"}", // no user
                "{\"event_id\":\"w-5\",\"type\":\"view\",\"user_id\":\"u-5\",\"timestamp\":\"2026-11-24T12:00:00Z\","
                    + "\"attributes\":{\"colour\":[1]}}",
                at("w-6", "u-6", "2026-11-01T00:00:00Z"), // too late
                at("w-7", "u-7", "2026-11-24T12:40:00Z"))
            + "\n"; // ten minutes ahead of the server clock
    HttpResponse<String> r = t.post("/v1/events?source=web", "application/x-ndjson", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode answer = json(r);
    assertThat(answer.path("rejected"))
        .extracting(x -> x.path("index").asInt() + " " + x.path("reason").asText())
        .containsExactly("3 invalid", "4 invalid", "5 too_late");
    assertThat(
            t.postJson(
                    "[" + event("h-1", "click", "u-1") + "," + event("h-1", "click", "u-1") + "]")
                .statusCode())
        .isEqualTo(202);

    JsonNode q = json(t.get("/v1/quality"));
    assertThat(q.path("mode").asText()).isEqualTo("embedded");
    JsonNode web = source(q, "web");
    assertThat(web.path("equation").asText())
        .isEqualTo(
            "read 7 = accepted 4 + duplicates 0 + sampled 0 + rejected 3 (invalid 2, too_late 1)");
    assertThat(web.path("balanced").asBoolean()).isTrue();
    JsonNode http = source(q, "http");
    assertThat(http.path("read").asLong()).isEqualTo(2);
    assertThat(http.path("duplicates").asLong()).isEqualTo(1);
    assertThat(q.path("accounting").path("read").asLong()).isEqualTo(9);
    assertThat(q.path("accounting").path("balanced").asBoolean()).isTrue();

    assertThat(q.path("rejects"))
        .extracting(
            x ->
                x.path("reason").asText()
                    + " "
                    + x.path("field").asText()
                    + " "
                    + x.path("count").asLong())
        .containsExactlyInAnyOrder(
            "invalid user_id 1", "invalid attributes.* 1", "too_late timestamp 1");
    JsonNode lateness = q.path("lateness");
    assertThat(lateness.path("allowed_lateness_seconds").asLong()).isEqualTo(600);
    assertThat(lateness.path("on_time").asLong()).as("w-1 and w-7").isEqualTo(2);
    assertThat(lateness.path("late").asLong()).isEqualTo(1);
    assertThat(lateness.path("very_late").asLong())
        .as("w-3, and both h-1: 40 minutes behind w-7")
        .isEqualTo(3);
    assertThat(lateness.path("too_late").asLong()).isEqualTo(1);

    JsonNode skew = q.path("skew");
    assertThat(skew.path("events").asLong()).isEqualTo(7);
    assertThat(skew.path("ahead_of_clock").asLong()).isEqualTo(1);
    assertThat(skew.path("max_ahead_seconds").asDouble()).isEqualTo(600.0);
    assertThat(skew.path("seconds").path("min").asDouble()).isEqualTo(-600.0);
    assertThat(skew.path("seconds").path("max").asDouble())
        .as("w-6, 23.5 days before arrival")
        .isEqualTo(2_032_200.0);

    assertThat(q.path("volume").path("series"))
        .extracting(
            x ->
                x.path("type").asText()
                    + "/"
                    + x.path("source").asText()
                    + " "
                    + x.path("status").asText())
        .containsExactly("click/http learning", "view/web learning");
    assertThat(q.path("limits")).isEmpty();

    List<JsonNode> letters = deadLetters();
    assertThat(letters)
        .extracting(l -> l.path("source").asText() + " " + l.path("reason").asText())
        .containsExactly("web invalid", "web invalid", "web too_late");
  }

  @Test
  void unknownItemsAreCountedOnlyOnceTheCatalogHasEntries() {
    assertThat(t.postJson(event("e-1", "view", "u-1")).statusCode()).isEqualTo(202);
    JsonNode before = json(t.get("/v1/quality")).path("unknown_items");
    assertThat(before.path("counted").asBoolean()).isFalse();
    assertThat(before.path("checked").asLong()).isZero();

    HttpResponse<String> put =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/items/p-1"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"category\":\"shoes\"}"))
                .build());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(
            t.postNdjson(
                    at("e-2", "u-2", "2026-11-24T12:00:00Z")
                        + "\n"
                        + event("e-3", "view", "u-3")
                        + "\n")
                .statusCode())
        .isEqualTo(202);
    JsonNode after = json(t.get("/v1/quality")).path("unknown_items");
    assertThat(after.path("counted").asBoolean()).isTrue();
    assertThat(after.path("catalog_items").asLong()).isEqualTo(1);
    assertThat(after.path("checked").asLong()).isEqualTo(2);
    assertThat(after.path("unknown").asLong()).as("p-7 has no catalog entry").isEqualTo(1);
  }

  @Test
  void anInvalidSourceIsA400NamingTheParameterAndRecordsNothing() {
    HttpResponse<String> r =
        t.post("/v1/events?source=%20", "application/json", event("e-1", "view", "u-1"));
    JsonNode p = problem(r, 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("source");
    HttpResponse<String> control =
        t.post("/v1/events?source=a%0Ab", "application/json", event("e-1", "view", "u-1"));
    assertThat(problem(control, 400, "invalid-request").path("detail").asText())
        .contains("control characters");
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
    assertThat(json(t.get("/v1/quality")).path("accounting").path("read").asLong()).isZero();
  }

  @Test
  void eventsFarAheadAreReadFromTheServersCounterWhenThereIsOne() {
    assertThat(json(t.get("/v1/quality")).path("skew").path("clock_skewed").asDouble()).isZero();
    // The engine counts events further ahead of its clock (12:30) than stats.max-lead (1m) in
    // mercato_events_clock_skewed_total; the view reads that counter by name.
    String body =
        at("f-1", "u-1", "2026-11-24T14:30:00Z")
            + "\n"
            + at("f-2", "u-2", "2026-11-24T12:30:30Z")
            + "\n";
    assertThat(t.post("/v1/events", "application/x-ndjson", body).statusCode()).isEqualTo(202);
    assertThat(json(t.get("/v1/quality")).path("skew").path("clock_skewed").asDouble())
        .isEqualTo(1.0);
  }

  @Test
  void theQualityCountsArePrometheusMetrics() {
    String late = at("m-2", "u-2", "2026-11-01T00:00:00Z");
    assertThat(
            t.post(
                    "/v1/events?source=ios",
                    "application/x-ndjson",
                    event("m-1", "view", "u-1") + "\n" + late + "\n{\"type\":\"view\"}\n")
                .statusCode())
        .isEqualTo(202);
    String metrics = t.get("/metrics").body();
    assertThat(metrics)
        .contains("mercato_quality_read_total{source=\"ios\"} 3.0")
        .contains("mercato_quality_records_total{outcome=\"accepted\",source=\"ios\"} 1.0")
        .contains("mercato_quality_records_total{outcome=\"too_late\",source=\"ios\"} 1.0")
        .contains("mercato_quality_records_total{outcome=\"invalid\",source=\"ios\"} 1.0")
        .contains("mercato_quality_rejects_total{field=\"user_id\",reason=\"invalid\"} 1.0")
        .contains("mercato_quality_rejects_total{field=\"timestamp\",reason=\"too_late\"} 1.0")
        .contains("mercato_quality_lateness_total{lateness=\"too_late\"} 1.0")
        .contains("mercato_quality_arrival_skew_seconds{quantile=\"0.5\"}")
        .contains("mercato_quality_events_ahead_total 0.0")
        .contains("mercato_quality_volume_drops_total 0.0")
        .contains("mercato_quality_volume_flagged 0.0")
        .contains("mercato_quality_unknown_items_total 0.0");
  }
}
