package io.mercato.bench.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules every answer is held to, on answers made up for the purpose. */
class ResponseOracleTest {
  private static final String PROBLEM = "application/problem+json";

  @Test
  void aServerErrorIsAViolationUnlessItIs505ForAnUnknownVersion() {
    assertThat(judge(Expectation.any(), 500, PROBLEM, problem(500, "about:blank", "boom", null)))
        .isNotEmpty();
    assertThat(judge(Expectation.any(), 503, PROBLEM, problem(503, "about:blank", "busy", null)))
        .isNotEmpty();
    String p505 = problem(505, "about:blank", "HTTP Version Not Supported", null);
    assertThat(judge(Expectation.any(), 505, PROBLEM, p505)).isNotEmpty();
    assertThat(judge(Expectation.any().withVersion505(), 505, PROBLEM, p505)).isEmpty();
  }

  @Test
  void aClientErrorMustBeAProblemThatNamesTheField() {
    String named =
        problem(
            400,
            "https://mercato.dev/problems/invalid-request",
            "bad",
            "[{\"field\":\"user_id\",\"message\":\"is required\"}]");
    assertThat(judge(Expectation.any(), 400, PROBLEM, named)).isEmpty();
    assertThat(judge(Expectation.any(), 400, "text/plain", "bad request"))
        .singleElement()
        .asString()
        .contains("not application/problem+json");
    assertThat(
            judge(
                Expectation.any(),
                400,
                PROBLEM,
                problem(400, "https://mercato.dev/problems/invalid-request", "bad", null)))
        .singleElement()
        .asString()
        .contains("names no field");
    assertThat(
            judge(
                Expectation.any(), 400, PROBLEM, problem(400, "about:blank", "Bad Request", null)))
        .singleElement()
        .asString()
        .contains("names no field");
    assertThat(
            judge(
                Expectation.any(),
                400,
                PROBLEM,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"Bad UTF-8 encoding\"}"))
        .isEmpty();
    assertThat(
            judge(
                Expectation.any(), 414, PROBLEM, problem(414, "about:blank", "URI Too Long", null)))
        .isEmpty();
    assertThat(
            judge(
                Expectation.any(),
                404,
                PROBLEM,
                problem(404, "https://mercato.dev/problems/not-found", "no route", null)))
        .isEmpty();
    assertThat(
            judge(
                Expectation.any(),
                400,
                PROBLEM,
                problem(404, "https://mercato.dev/problems/not-found", "x", null)))
        .singleElement()
        .asString()
        .contains("differs");
    assertThat(judge(Expectation.any(), 400, PROBLEM, ""))
        .singleElement()
        .asString()
        .contains("not JSON");
  }

  @Test
  void anIngestAnswerMustAcceptExactlyTheNewValidEvents() {
    SentEvent e = new SentEvent("e1", "view", "{}".getBytes());
    Expectation one = Expectation.ingested(List.of(e), 1);
    assertThat(
            judge(
                one, 202, "application/json", "{\"accepted\":1,\"duplicates\":1,\"rejected\":[]}"))
        .isEmpty();
    assertThat(
            judge(
                one, 202, "application/json", "{\"accepted\":2,\"duplicates\":1,\"rejected\":[]}"))
        .singleElement()
        .asString()
        .startsWith("accepted 2 but 1");
    assertThat(
            judge(
                one, 202, "application/json", "{\"accepted\":1,\"duplicates\":0,\"rejected\":[]}"))
        .singleElement()
        .asString()
        .startsWith("duplicates 0 but 1");
    assertThat(
            judge(
                Expectation.neutral(0),
                202,
                "application/json",
                "{\"accepted\":1,\"duplicates\":0}"))
        .isNotEmpty();
    assertThat(
            judge(
                Expectation.refused(),
                202,
                "application/json",
                "{\"accepted\":0,\"duplicates\":0}"))
        .isNotEmpty();
  }

  @Test
  void jsonMustBeJsonInUtf8() {
    assertThat(judge(Expectation.any(), 200, "application/json", "{\"v\":NaN}")).isNotEmpty();
    assertThat(judge(Expectation.any(), 200, "application/json", "{\"v\":1} trailing"))
        .isNotEmpty();
    RawResponse latin1 =
        new RawResponse(
            200,
            Map.of("content-type", List.of("application/json")),
            new byte[] {'"', (byte) 0xE9, '"'},
            null,
            null,
            0);
    assertThat(ResponseOracle.judge(aCase(Expectation.any(), false), latin1))
        .singleElement()
        .asString()
        .contains("not UTF-8");
    assertThat(judge(Expectation.any(), 200, "application/json", "{\"v\":1}")).isEmpty();
  }

  @Test
  void aBrokenConnectionIsAViolation() {
    RawResponse cut =
        new RawResponse(0, Map.of(), new byte[0], "connection closed before any response", null, 0);
    assertThat(ResponseOracle.judge(aCase(Expectation.any(), false), cut))
        .containsExactly("connection closed before any response");
  }

  @Test
  void aHeadAnswerIsJudgedWithoutItsBody() {
    RawResponse r =
        new RawResponse(
            200, Map.of("content-type", List.of("application/json")), new byte[0], null, null, 0);
    assertThat(ResponseOracle.judge(aCase(Expectation.any(), true), r)).isEmpty();
  }

  private static List<String> judge(Expectation e, int status, String type, String body) {
    RawResponse r =
        new RawResponse(
            status,
            Map.of("content-type", List.of(type)),
            body.getBytes(StandardCharsets.UTF_8),
            null,
            null,
            0);
    return ResponseOracle.judge(aCase(e, false), r);
  }

  private static FuzzCase aCase(Expectation e, boolean head) {
    return new FuzzCase(0, "test", "GET /x", Wire.request(head ? "HEAD" : "GET", "/x").build(), e);
  }

  private static String problem(int status, String type, String title, String errors) {
    return "{\"type\":\""
        + type
        + "\",\"title\":\""
        + title
        + "\",\"status\":"
        + status
        + ",\"detail\":\""
        + title
        + "\""
        + (errors == null ? "" : ",\"errors\":" + errors)
        + "}";
  }
}
