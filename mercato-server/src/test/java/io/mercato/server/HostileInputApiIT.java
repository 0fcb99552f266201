package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static io.mercato.server.TestServer.rawJson;
import static io.mercato.server.TestServer.rawStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions of the fuzz run that got 5xx answers (issue 13 item 5), each reproduced against a real
 * server: every one must now be a precise 4xx problem naming what is wrong, per line where the body
 * is per line, and change nothing it should not.
 */
class HostileInputApiIT {
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
  void isoYearsBeyondEpochMillisRejectOnlyTheirOwnLine() {
    String far =
        "{\"event_id\":\"far\",\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":\"+999999999-12-31T23:59:59Z\"}";
    String past =
        "{\"event_id\":\"past\",\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":\"-999999999-01-01T00:00:00Z\"}";
    HttpResponse<String> r =
        t.postNdjson(
            event("e-1", "view", "u-1")
                + "\n"
                + far
                + "\n"
                + past
                + "\n"
                + event("e-2", "view", "u-2")
                + "\n");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode body = json(r);
    assertThat(body.path("accepted").asInt()).isEqualTo(2);
    assertThat(body.path("rejected"))
        .extracting(x -> x.path("index").asInt())
        .containsExactly(1, 2);
    for (JsonNode rejected : body.path("rejected")) {
      JsonNode error = rejected.path("errors").get(0);
      assertThat(error.path("field").asText()).isEqualTo("timestamp");
      assertThat(error.path("message").asText()).startsWith("is out of range");
    }
    assertThat(json(t.get("/v1/stats")).path("total").asLong()).isEqualTo(2);
  }

  @Test
  void methodsThatAreNotStandardUpperCaseNamesAreMethodNotAllowed() {
    for (String method : List.of("get", "Post", "M-SEARCH", "GET2", "FOO")) {
      String answer = t.raw(method + " /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(rawStatus(answer)).as("%s: %s", method, answer).isEqualTo(405);
      assertThat(answer).contains("Content-Type: application/problem+json").contains("Allow: GET");
      JsonNode p = rawJson(answer);
      assertThat(p.path("type").asText())
          .isEqualTo("https://mercato.dev/problems/method-not-allowed");
      assertThat(p.path("allowed")).extracting(JsonNode::asText).containsExactly("GET");
    }
    JsonNode lower =
        rawJson(t.raw("post /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertThat(lower.path("detail").asText()).contains("case-sensitive", "post is not POST");
    String nowhere = t.raw("get /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(rawStatus(nowhere)).isEqualTo(404);
    assertThat(rawJson(nowhere).path("type").asText())
        .isEqualTo("https://mercato.dev/problems/not-found");
    // the server still serves standard methods
    assertThat(t.get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void aContentTypeWithoutMediaTypeIsUnsupported() {
    for (String path : List.of("/v1/events", "/v1/items", "/v1/rank")) {
      problem(t.post(path, ";", "{}"), 415, "unsupported-media-type");
      problem(t.post(path, " ; charset=utf-8", "{}"), 415, "unsupported-media-type");
    }
    for (String path : List.of("/v1/campaigns/c-1", "/v1/ads/a-1", "/v1/items/p-1")) {
      HttpResponse<String> r =
          t.send(
              HttpRequest.newBuilder(t.uri(path))
                  .header("Content-Type", ";")
                  .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                  .build());
      problem(r, 415, "unsupported-media-type");
    }
  }

  @Test
  void hugeExponentsInAmountsAreRefusedQuicklyAndBriefly() {
    String[] amounts = {
      "0.1e999999999",
      "1e999999999",
      "\"1e-999999999\"",
      "-1e999999999",
      "\"" + "9".repeat(5000) + "\""
    };
    for (String amount : amounts) {
      HttpResponse<String> r =
          putCampaign(
              "{\"name\":\"c\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2027-01-01T00:00:00Z\","
                  + "\"currency\":\"EUR\",\"total_budget\":"
                  + amount
                  + ",\"daily_budget\":10}");
      JsonNode p = problem(r, 400, "invalid-request");
      assertThat(p.path("errors").get(0).path("field").asText())
          .as(amount)
          .isEqualTo("total_budget");
      assertThat(r.body().length())
          .as("answer to %s", amount.substring(0, Math.min(20, amount.length())))
          .isLessThan(2_000);
    }
    HttpResponse<String> goal =
        putCampaign(
            "{\"name\":\"c\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2027-01-01T00:00:00Z\","
                + "\"currency\":\"EUR\",\"total_budget\":100,\"daily_budget\":10,\"goals\":{\"participants\":1e99999999}}");
    assertThat(problem(goal, 400, "invalid-request").path("errors").get(0).path("field").asText())
        .isEqualTo("goals.participants");
    assertThat(t.get("/v1/campaigns/c-1").statusCode()).isEqualTo(404);
  }

  @Test
  void campaignDatesOutsideMillisecondArithmeticAreRefused() {
    HttpResponse<String> r =
        putCampaign(
            "{\"name\":\"c\",\"start\":\"-999999999-01-01T00:00:00Z\","
                + "\"end\":\"+999999999-12-31T23:59:59Z\",\"currency\":\"EUR\",\"total_budget\":100,\"daily_budget\":10,"
                + "\"status\":\"active\"}");
    JsonNode p = problem(r, 400, "invalid-request");
    assertThat(p.path("errors"))
        .extracting(e -> e.path("field").asText())
        .containsExactly("start", "end");
    assertThat(p.path("errors").get(0).path("message").asText())
        .contains("between 1970-01-01T00:00:00Z and 9999-12-31");
    // nothing was stored, so the KPI route has nothing to overflow on
    problem(t.get("/v1/campaigns/c-1/kpis"), 404, "not-found");
  }

  @Test
  void anEventWithThousandsOfUnknownFieldsListsABoundedNumberOfErrors() {
    StringBuilder fields =
        new StringBuilder(
            "{\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":\"2026-11-24T12:00:00Z\"");
    for (int i = 0; i < 1_000; i++) {
      fields.append(",\"f").append(i).append("\":1");
    }
    JsonNode body = json(t.postJson(fields.append('}').toString()));
    JsonNode errors = body.path("rejected").get(0).path("errors");
    assertThat(errors.size()).isEqualTo(33);
    assertThat(errors.get(32).path("message").asText())
        .isEqualTo(
            "968 more errors are not listed (at most 32 " + "decoding errors are kept per event)");
  }

  private HttpResponse<String> putCampaign(String body) {
    return t.send(
        HttpRequest.newBuilder(t.uri("/v1/campaigns/c-1"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
