package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/events} and {@code GET /v1/stats} against a real engine. */
class EventsApiIT {
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

  @Test
  void singleObjectIsAccepted() {
    HttpResponse<String> r = t.postJson(event("e-1", "click", "u-1"));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isEqualTo(1);
    assertThat(body.path("duplicates").asInt()).isZero();
    assertThat(body.path("sampled").asInt()).isZero();
    assertThat(body.path("rejected").isArray()).isTrue();
    assertThat(body.path("rejected")).isEmpty();
  }

  @Test
  void arrayIsAccepted() {
    HttpResponse<String> r =
        t.postJson(
            "["
                + event("e-1", "view", "u-1")
                + ","
                + event("e-2", "click", "u-2")
                + ","
                + event("e-3", "purchase", "u-3")
                + "]");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("accepted").asInt()).isEqualTo(3);
  }

  @Test
  void ndjsonIsAcceptedAndBlankLinesAreSkipped() {
    HttpResponse<String> r =
        t.postNdjson(event("e-1", "view", "u-1") + "\n\n" + event("e-2", "click", "u-2") + "\n");
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isEqualTo(2);
    assertThat(body.path("rejected")).isEmpty();
  }

  @Test
  void jsonLinesAliasAndCharsetParameterAreAccepted() {
    HttpResponse<String> r =
        t.post("/v1/events", "application/jsonl; charset=UTF-8", event("e-1", "view", "u-1"));
    assertThat(r.statusCode()).isEqualTo(202);
  }

  @Test
  void mixedBatchAcceptsValidEventsAndListsInvalidOnesWithIndexAndField() throws Exception {
    String missingUser =
        "{\"event_id\":\"e-2\",\"type\":\"click\",\"timestamp\":\"2026-11-24T12:00:00Z\"}";
    String badTimestamp =
        "{\"event_id\":\"e-4\",\"type\":\"click\",\"user_id\":\"u-4\",\"timestamp\":\"yesterday\"}";
    HttpResponse<String> r =
        t.postJson(
            "["
                + event("e-1", "view", "u-1")
                + ","
                + missingUser
                + ","
                + event("e-3", "click", "u-3")
                + ","
                + badTimestamp
                + "]");

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isEqualTo(2);
    JsonNode rejected = body.path("rejected");
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).path("index").asInt()).isEqualTo(1);
    assertThat(rejected.get(0).path("errors").get(0).path("field").asText()).isEqualTo("user_id");
    assertThat(rejected.get(0).path("errors").get(0).path("message").asText())
        .isEqualTo("is required");
    assertThat(rejected.get(1).path("index").asInt()).isEqualTo(3);
    assertThat(rejected.get(1).path("errors").get(0).path("field").asText()).isEqualTo("timestamp");

    List<String> deadLetters = deadLetterLines();
    assertThat(deadLetters).hasSize(2);
    assertThat(Json.mapper().readTree(deadLetters.get(0)).path("source").asText())
        .isEqualTo("http");
    assertThat(Json.mapper().readTree(deadLetters.get(1)).path("raw").asText())
        .contains("yesterday");
  }

  @Test
  void malformedJsonIsBadRequestWithLineAndColumn() {
    HttpResponse<String> r = t.postJson("[\n  {\"type\": \"click\",\n   \"user_id\": }\n]");
    JsonNode p = problem(r, 400, "malformed-body");
    assertThat(p.path("line").asLong()).isEqualTo(3);
    assertThat(p.path("column").asLong()).isPositive();
    assertThat(p.path("offset").asLong()).isPositive();
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
  }

  @Test
  void emptyBodyIsBadRequestOnFieldBody() {
    JsonNode p = problem(t.postJson(""), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("body");
  }

  @Test
  void scalarBodyIsBadRequestOnFieldBody() {
    JsonNode p = problem(t.postJson("42"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("body");
  }

  @Test
  void oversizedBodyWithContentLengthIsRefused() {
    HttpResponse<String> r = t.postNdjson(ndjsonOfSize(TestServer.MAX_BODY_BYTES + 1));
    JsonNode p = problem(r, 413, "body-too-large");
    assertThat(p.path("max_body_bytes").asInt()).isEqualTo(TestServer.MAX_BODY_BYTES);
    assertThat(p.path("detail").asText()).contains("Content-Length");
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
  }

  @Test
  void oversizedChunkedBodyIsRefused() {
    byte[] body = ndjsonOfSize(TestServer.MAX_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8);
    JsonNode p = problem(t.postChunked("application/x-ndjson", body), 413, "body-too-large");
    assertThat(p.path("max_body_bytes").asInt()).isEqualTo(TestServer.MAX_BODY_BYTES);
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isZero();
  }

  @Test
  void chunkedBodyAtTheLimitIsAccepted() {
    String ndjson = ndjsonOfSize(TestServer.MAX_BODY_BYTES);
    HttpResponse<String> r =
        t.postChunked("application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(json(r).path("accepted").asInt())
        .isEqualTo((int) ndjson.lines().filter(l -> !l.isBlank()).count());
  }

  @Test
  void wrongContentTypeIsUnsupportedMediaType() {
    JsonNode p =
        problem(
            t.post("/v1/events", "text/plain", event("e-1", "click", "u-1")),
            415,
            "unsupported-media-type");
    assertThat(p.path("accepted"))
        .extracting(JsonNode::asText)
        .containsExactly("application/json", "application/x-ndjson");
  }

  @Test
  void missingContentTypeIsUnsupportedMediaType() {
    HttpResponse<String> r = t.post("/v1/events", null, event("e-1", "click", "u-1"));
    problem(r, 415, "unsupported-media-type");
    assertThat(r.headers().firstValue("Accept-Post"))
        .hasValue("application/json, application/x-ndjson");
  }

  @Test
  void duplicateEventIdCountsOnce() {
    assertThat(json(t.postJson(event("e-1", "click", "u-1"))).path("accepted").asInt())
        .isEqualTo(1);
    JsonNode second = json(t.postJson(event("e-1", "click", "u-1")));
    assertThat(second.path("accepted").asInt()).isZero();
    assertThat(second.path("duplicates").asInt()).isEqualTo(1);

    JsonNode stats = json(t.get("/v1/stats"));
    assertThat(stats.path("total").asLong()).isEqualTo(1);
    assertThat(stats.path("all_time").path("click").asLong()).isEqualTo(1);
  }

  @Test
  void duplicateWithinOneBatchCountsOnce() {
    JsonNode body =
        json(
            t.postJson(
                "[" + event("e-1", "click", "u-1") + "," + event("e-1", "click", "u-1") + "]"));
    assertThat(body.path("accepted").asInt()).isEqualTo(1);
    assertThat(body.path("duplicates").asInt()).isEqualTo(1);
  }

  @Test
  void statsCountEventsPerTypeOverAllTime() {
    t.postJson(
        "["
            + event("e-1", "click", "u-1")
            + ","
            + event("e-2", "click", "u-2")
            + ","
            + event("e-3", "view", "u-3")
            + ","
            + event("e-4", "click", "u-4")
            + ","
            + event("e-5", "view", "u-1")
            + "]");
    HttpResponse<String> r = t.get("/v1/stats");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode stats = json(r);
    assertThat(stats.path("total").asLong()).isEqualTo(5);
    assertThat(stats.path("all_time").toString()).isEqualTo("{\"click\":3,\"view\":2}");
  }

  @Test
  void statsAreEmptyBeforeAnyEventAndWindowsEndAtTheClock() {
    JsonNode stats = json(t.get("/v1/stats"));
    assertThat(stats.path("total").asLong()).isZero();
    assertThat(stats.path("all_time")).isEmpty();
    assertThat(stats.path("now").asText()).isEqualTo(TestServer.NOW.toString());
    assertThat(stats.path("windows"))
        .allSatisfy(w -> assertThat(w.path("total").asLong()).isZero());
  }

  @Test
  void tooLateEventIsRejectedOnTimestampWithItsBatchIndex() throws Exception {
    // Newest event time becomes 12:00:00; 7d + 10m before it is 2026-11-17T11:50:00Z.
    assertThat(t.postJson(event("e-new", "view", "u-1")).statusCode()).isEqualTo(202);
    String missingUser =
        "{\"event_id\":\"e-bad\",\"type\":\"click\",\"timestamp\":\"2026-11-24T12:00:00Z\"}";
    String late1 =
        "{\"event_id\":\"e-late-1\",\"type\":\"click\",\"user_id\":\"u-2\",\"timestamp\":\"2026-11-17T11:49:59Z\"}";
    String onTime =
        "{\"event_id\":\"e-ok\",\"type\":\"click\",\"user_id\":\"u-3\",\"timestamp\":\"2026-11-17T11:50:00Z\"}";
    String late2 =
        "{\"event_id\":\"e-late-2\",\"type\":\"view\",\"user_id\":\"u-4\",\"timestamp\":\"2026-11-01T00:00:00Z\"}";
    JsonNode body =
        json(t.postJson("[" + missingUser + "," + late1 + "," + onTime + "," + late2 + "]"));

    assertThat(body.path("accepted").asInt()).isEqualTo(1);
    JsonNode rejected = body.path("rejected");
    assertThat(rejected).extracting(r -> r.path("index").asInt()).containsExactly(0, 1, 3);
    assertThat(rejected.get(0).path("errors").get(0).path("field").asText()).isEqualTo("user_id");
    for (int i : new int[] {1, 2}) {
      JsonNode error = rejected.get(i).path("errors").get(0);
      assertThat(error.path("field").asText()).isEqualTo("timestamp");
      assertThat(error.path("message").asText())
          .isEqualTo(
              "is too late: older than the newest event time minus the "
                  + "longest window (7d) and the allowed lateness (10m)");
    }
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isEqualTo(2);

    List<String> deadLetters = deadLetterLines();
    assertThat(deadLetters).hasSize(3);
    JsonNode late = Json.mapper().readTree(deadLetters.get(1));
    assertThat(late.path("index").asInt()).isEqualTo(1);
    assertThat(late.path("errors").get(0).path("field").asText()).isEqualTo("timestamp");
    assertThat(Json.mapper().readTree(late.path("raw").asText()).path("event_id").asText())
        .isEqualTo("e-late-1");
  }

  /** Valid NDJSON of exactly {@code size} bytes: whole events, padded with trailing newlines. */
  private static String ndjsonOfSize(int size) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (true) {
      String line = event("big-" + i, "view", "u-" + (i % 50)) + "\n";
      if (sb.length() + line.length() > size) {
        break;
      }
      sb.append(line);
      i++;
    }
    sb.append("\n".repeat(size - sb.length()));
    return sb.toString();
  }

  private List<String> deadLetterLines() throws Exception {
    try (Stream<Path> files = Files.list(dataDir.resolve("dead-letter"))) {
      return files
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
