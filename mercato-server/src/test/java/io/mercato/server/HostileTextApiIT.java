package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 items 1 and 8 over real HTTP: malformed percent-escapes in paths and queries, invalid
 * Unicode in bodies, the one id rule for campaign ids, and JSON never built by concatenation.
 * Requests with malformed escapes are sent over a raw socket: {@link java.net.URI} refuses to build
 * them.
 */
class HostileTextApiIT {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  /** Status and body of a raw request line {@code GET target}. */
  record Raw(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return Json.mapper().readTree(body);
    }

    /** Asserts a 400 invalid-request naming {@code field}; returns the error message. */
    String invalid(String field) throws IOException {
      assertThat(status).as(body).isEqualTo(400);
      assertThat(contentType).startsWith("application/problem+json");
      JsonNode p = json();
      assertThat(p.path("type").asText()).isEqualTo("https://mercato.dev/problems/invalid-request");
      assertThat(p.path("errors").get(0).path("field").asText()).as(body).isEqualTo(field);
      return p.path("errors").get(0).path("message").asText();
    }
  }

  Raw raw(String method, String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", t.server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          (method
                  + " "
                  + target
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + (method.equals("PUT")
                      ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                      : "\r\n"))
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] all = s.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.UTF_8);
      int headEnd = text.indexOf("\r\n\r\n");
      String head = text.substring(0, headEnd);
      String body = text.substring(headEnd + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      String contentType = "";
      boolean chunked = false;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-type:")) {
          contentType = line.substring(13).trim();
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      return new Raw(status, contentType, chunked ? dechunk(body) : body);
    }
  }

  private static String dechunk(String body) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (true) {
      int eol = body.indexOf("\r\n", i);
      int n = Integer.parseInt(body.substring(i, eol).trim(), 16);
      if (n == 0) {
        return b.toString();
      }
      b.append(body, eol + 2, eol + 2 + n);
      i = eol + 2 + n + 2;
    }
  }

  @Test
  void aMalformedEscapeInAQueryValueIsA400NamingTheParameter() throws IOException {
    assertThat(raw("GET", "/v1/stats?window=10m").status()).isEqualTo(200);
    // Before: Javalin dropped the parameter and the answer held every window.
    assertThat(raw("GET", "/v1/stats?window=%ZZ").invalid("window"))
        .isEqualTo(
            "has a malformed percent-escape \"%ZZ\" at position 0 (an escape is % and two hex digits; "
                + "send a literal % as %25)");
    assertThat(raw("GET", "/v1/trending?n=5&window=1%").invalid("window"))
        .contains("\"%\" at position 1");
    assertThat(raw("GET", "/v1/stats?scope=user&key=u-%u0041").invalid("key"))
        .contains("\"%u0041\" at position 2");
    assertThat(raw("GET", "/v1/stats?%ZZ=1").invalid("query"))
        .startsWith("a parameter name has a malformed");
  }

  @Test
  void escapesThatAreNotUtf8AreA400() throws IOException {
    assertThat(raw("GET", "/v1/stats?scope=user&key=%C0%AF").invalid("key"))
        .isEqualTo(
            "has percent-escapes that are not well-formed UTF-8: C0 AF at byte offset 0 is an overlong "
                + "encoding of the decoded bytes");
    assertThat(raw("GET", "/v1/stats?scope=user&key=x%ED%A0%80").invalid("key"))
        .contains("encodes a UTF-16 surrogate");
    assertThat(raw("GET", "/v1/stats?scope=user&key=x%F4%90%80%80").invalid("key"))
        .contains("beyond U+10FFFF");
  }

  @Test
  void aMalformedEscapeInAPathIdIsA400NamingThePathParameter() throws IOException {
    // Before: a 500 from Javalin's path decoder.
    assertThat(raw("GET", "/v1/items/%u0041").invalid("id"))
        .startsWith("the path segment has a malformed percent-escape \"%u0041\" at position 0");
    assertThat(raw("GET", "/v1/items/%C0%AF/stats").invalid("id"))
        .contains("C0 AF at byte offset 0 is an overlong encoding");
    assertThat(raw("DELETE", "/v1/campaigns/c-%ED%A0%80").invalid("id"))
        .contains("encodes a UTF-16 surrogate");
    assertThat(raw("GET", "/v1/users/u%E2%82/profile").invalid("id"))
        .contains("incomplete sequence");
    // Jetty refuses a % without two hex digits in the path while parsing the request line, and
    // keeps no
    // raw URI to tell which segment it was in: the problem names the path.
    assertThat(raw("GET", "/v1/users/%ZZ/profile").invalid("path"))
        .startsWith("has a malformed percent-escape");
    assertThat(raw("DELETE", "/v1/campaigns/a%2").invalid("path"))
        .startsWith("has a malformed percent-escape");
  }

  @Test
  void wellFormedEscapesStillWork() throws IOException {
    t.postNdjson(
        "{\"event_id\":\"e-1\",\"type\":\"view\",\"user_id\":\"u-1\",\"item_id\":\"café 1\","
            + "\"timestamp\":\"2026-11-24T12:00:00Z\"}\n");
    Raw r = raw("GET", "/v1/items/caf%C3%A9%201/stats");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(raw("GET", "/v1/stats?scope=item&key=caf%C3%A9+1").status()).isEqualTo(200);
    assertThat(raw("GET", "/v1/stats?scope=item&key=caf%c3%a9%201&window=10m").status())
        .isEqualTo(200);
  }

  @Test
  void campaignIdsFollowTheIdRule() throws IOException {
    String body =
        """
        {"name": "Sale", "start": "2026-11-01T00:00:00Z", "end": "2026-12-31T00:00:00Z",
         "status": "active", "currency": "EUR", "total_budget": 100, "daily_budget": 10}""";
    for (String id : new String[] {"a%0D%0Ab", "a%09b", "a%7Fb", "a%C2%85b", "%20"}) {
      HttpResponse<String> r =
          t.send(
              HttpRequest.newBuilder(t.uri("/v1/campaigns/" + id))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode p = json(r);
      assertThat(p.path("type").asText()).isEqualTo("https://mercato.dev/problems/invalid-request");
      assertThat(p.path("errors").get(0).path("field").asText()).as(id).isEqualTo("id");
      assertThat(p.path("errors").get(0).path("message").asText())
          .startsWith("the campaign id of the request must");
    }
    assertThat(t.get("/v1/campaigns").body()).contains("\"total\":0");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theDeletedStreamEventCannotBeInjectedIntoByTheCampaignId() throws Exception {
    String id = "q\",\"admin\":true,\"x\":\"";
    String path =
        "/v1/campaigns/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> put =
        t.send(
            HttpRequest.newBuilder(t.uri(path))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        """
            {"name": "Sale", "start": "2026-11-01T00:00:00Z", "end": "2026-12-31T00:00:00Z",
             "status": "active", "currency": "EUR", "total_budget": 100, "daily_budget": 10}"""))
                .build());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json(put).path("id").asText()).isEqualTo(id);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(t.uri(path + "/kpis/stream"))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      waitFor(in, "event: kpis");
      assertThat(t.send(HttpRequest.newBuilder(t.uri(path)).DELETE().build()).statusCode())
          .isEqualTo(204);
      waitFor(in, "event: deleted");
      String data = in.readLine();
      assertThat(data).startsWith("data: ");
      JsonNode deleted = Json.mapper().readTree(data.substring(6));
      Map<String, String> members = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = deleted.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        members.put(e.getKey(), e.getValue().asText());
      }
      assertThat(members)
          .containsExactly(Map.entry("campaign_id", id)); // before: also "admin": true
    }
  }

  private static void waitFor(BufferedReader in, String line) throws IOException {
    String l;
    while ((l = in.readLine()) != null) {
      if (l.equals(line)) {
        return;
      }
    }
    throw new AssertionError("stream ended before " + line);
  }

  @Test
  void invalidUnicodeInAnEventBodyRejectsOnlyThatEventNamingTheField() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(TestServer.event("e-1", "view", "u-1").getBytes(StandardCharsets.UTF_8));
    b.write('\n');
    b.writeBytes(
        "{\"event_id\":\"e-2\",\"type\":\"view\",\"user_id\":\"u-1\",\"timestamp\":\"2026-11-24T12:00:00Z\",\"category\":\"a"
            .getBytes(StandardCharsets.UTF_8));
    b.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
    b.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(
        "{\"event_id\":\"x-\\ud800\",\"type\":\"view\",\"user_id\":\"u-1\",\"timestamp\":\"2026-11-24T12:00:00Z\"}\n"
            .getBytes(StandardCharsets.UTF_8));
    b.writeBytes(TestServer.event("x-?", "view", "u-1").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        t.post(
            "/v1/events",
            "application/x-ndjson",
            HttpRequest.BodyPublishers.ofByteArray(b.toByteArray()));
    JsonNode answer = json(r);
    assertThat(answer.path("accepted").asInt()).as(r.body()).isEqualTo(2);
    assertThat(answer.path("duplicates").asInt()).isZero(); // x-? no longer collides with x-\ud800
    assertThat(answer.path("rejected").get(0).path("errors").get(0).path("field").asText())
        .isEqualTo("category");
    assertThat(answer.path("rejected").get(0).path("errors").get(0).path("message").asText())
        .startsWith("must be well-formed UTF-8: C0 AF at byte offset");
    assertThat(answer.path("rejected").get(1).path("errors").get(0).path("field").asText())
        .isEqualTo("event_id");
  }

  @Test
  void invalidUnicodeInCatalogAndRankBodiesIsA400NamingTheField() {
    HttpResponse<String> item =
        t.send(
            HttpRequest.newBuilder(t.uri("/v1/items/p-1"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"category\": \"k-\\udc00\"}"))
                .build());
    assertThat(problem(item, 400, "invalid-request").path("errors").get(0).path("field").asText())
        .isEqualTo("category");
    HttpResponse<String> rank =
        t.post(
            "/v1/rank",
            "application/json",
            "{\"user_id\": \"u-1\", \"items\": [\"p-1\", \"p-\\ud800\"]}");
    assertThat(problem(rank, 400, "invalid-request").path("errors").get(0).path("field").asText())
        .isEqualTo("items[1]");
  }
}
