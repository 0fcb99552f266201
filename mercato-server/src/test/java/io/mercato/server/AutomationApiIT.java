package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automation API over real HTTP against a real engine and its H2 database, with the server's own
 * evaluator thread: rules (validation at the field, versions, preview, runs), a rule firing and its
 * audit entry and undo, manual actions with guardrails and preview, approvals, the overview, and the
 * current discount in decisions.
 */
class AutomationApiIT {
  private static final String SALE =
      """
      {"name": "Sale", "start": "2026-11-23T12:30:00Z", "end": "2026-11-25T12:30:00Z", "time_zone": "UTC",
       "status": "active", "currency": "EUR", "total_budget": 1000, "daily_budget": 100,
       "discount": {"kind": "percent", "value": 15}}
      """;
  private static final String SHOES =
      """
      {"campaign_id": "sale", "creative": {"title": "Shoes -20%", "landing_url": "https://shop.example.com/shoes"},
       "category": "sports", "placements": ["home"], "bid": {"type": "cpc", "amount": "0.50"}, "status": "active"}
      """;

  /** Fires on the first cycle (the test clock is fixed): the discount is below 30, whatever the traffic. */
  private static final String RAISE =
      """
      {"id": "raise", "name": "Raise the discount", "scope": {"campaign_ids": ["sale"]}, "window": "10m",
       "condition": "discount < 30.0", "trigger": {"every": "1m"}, "cooldown": "1h", "max_actions_per_day": 2,
       "actions": [{"type": "change_discount", "how": "add", "amount": 5, "max": 30}], "mode": "%s"}
      """;

  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    assertThat(send("PUT", "/v1/campaigns/sale", SALE, null).statusCode()).isEqualTo(200);
    assertThat(send("PUT", "/v1/ads/shoes", SHOES, null).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private HttpResponse<String> send(String method, String path, String body, String actor) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(t.uri(path))
            .method(
                method,
                body == null
                    ? BodyPublishers.noBody()
                    : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (actor != null) {
      b.header("X-Actor", actor);
    }
    return t.send(b.build());
  }

  private JsonNode ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return json(r);
  }

  /** Polls {@code path} until its JSON satisfies {@code done} (the evaluator ticks every second). */
  private JsonNode await(String path, Predicate<JsonNode> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = ok(t.get(path), 200);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not reached within 20 s: " + path + " answered " + last);
  }

  private static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
    return out;
  }

  private String discount() {
    JsonNode d = json(t.get("/v1/campaigns/sale")).path("discount");
    return d.path("kind").asText()
        + ":"
        + d.path("value").decimalValue().stripTrailingZeros().toPlainString();
  }

  @Test
  void aBrokenConditionIsRefusedAtItsFieldWithCelsPositionAndNothingIsSaved() {
    String broken = RAISE.formatted("auto").replace("discount < 30.0", "discount < ");
    JsonNode p = problem(send("POST", "/v1/rules", broken, "ana"), 400, "invalid-request");
    assertThat(fields(p)).contains("condition");
    assertThat(p.path("positions").path("condition").path("line").asInt()).isEqualTo(1);
    assertThat(p.path("positions").path("condition").path("column").asInt()).isPositive();
    JsonNode unknownVar =
        problem(
            send(
                "POST",
                "/v1/rules",
                RAISE.formatted("auto").replace("discount < 30.0", "discounts < 30.0"),
                null),
            400,
            "invalid-request");
    assertThat(unknownVar.path("errors").get(0).path("message").asText()).contains("discounts");
    // a guardrail the rule's own limits break is refused at save, naming the member
    JsonNode guard =
        problem(
            send(
                "POST",
                "/v1/rules",
                RAISE.formatted("auto").replace("\"max\": 30", "\"max\": 90"),
                null),
            400,
            "invalid-request");
    assertThat(fields(guard)).contains("actions[0].max");
    problem(send("POST", "/v1/rules", RAISE.formatted("sometimes"), null), 400, "invalid-request");
    problem(send("POST", "/v1/rules", "{\"name\": ", null), 400, "malformed-body");
    assertThat(json(t.get("/v1/rules")).path("total").asInt()).isZero();
    problem(t.get("/v1/rules/raise"), 404, "not-found");
  }

  @Test
  void aRuleFiresItsChangeIsAuditedServedByDecisionsAndUndoneOnce() throws Exception {
    JsonNode created = ok(send("POST", "/v1/rules", RAISE.formatted("auto"), "ana"), 201);
    assertThat(created.path("rule").path("version").asInt()).isEqualTo(1);
    assertThat(created.path("rule").path("author").asText()).isEqualTo("ana");

    JsonNode page = await("/v1/audit?rule=raise", a -> a.path("entries").size() > 0);
    JsonNode entry = page.path("entries").get(0);
    assertThat(entry.path("outcome").asText()).isEqualTo("applied");
    assertThat(entry.path("field").asText()).isEqualTo("discount");
    assertThat(entry.path("before").asText()).isEqualTo("percent:15");
    assertThat(entry.path("after").asText()).isEqualTo("percent:20");
    assertThat(entry.path("actor").path("rule").asText()).isEqualTo("raise@1");
    assertThat(entry.path("kpis").path("window").asText()).isEqualTo("10m");
    assertThat(entry.path("undoable").asBoolean()).isTrue();
    // The evaluator commits (campaign and audit in one transaction) and then reloads the served
    // inventory, so the audit entry can be readable a moment before GET /v1/campaigns shows it.
    await("/v1/campaigns/sale", c -> c.path("discount").path("value").asText().startsWith("20"));
    assertThat(discount()).isEqualTo("percent:20");
    // the run names the version; decisions serve the new discount at once
    JsonNode runs = ok(t.get("/v1/rules/raise/runs"), 200);
    assertThat(runs.path("runs").get(0).path("rule").asText()).isEqualTo("raise@1");
    assertThat(runs.path("runs").get(0).path("audit_ids").get(0).asLong())
        .isEqualTo(entry.path("id").asLong());
    JsonNode decided = ok(t.get("/v1/decisions?user_id=u-1&placement=home"), 200);
    assertThat(decided.path("ads").get(0).path("discount").path("value").decimalValue())
        .isEqualByComparingTo("20");

    long id = entry.path("id").asLong();
    JsonNode preview = ok(send("POST", "/v1/audit/" + id + "/undo?preview=true", null, "ana"), 200);
    assertThat(preview.path("changes").get(0).path("after").asText()).isEqualTo("percent:15");
    assertThat(preview.path("audit")).isEmpty();
    assertThat(discount()).isEqualTo("percent:20");
    JsonNode undone =
        ok(send("POST", "/v1/audit/" + id + "/undo", "{\"reason\": \"too generous\"}", "ana"), 200);
    assertThat(undone.path("audit").get(0).path("undo_of").asLong()).isEqualTo(id);
    assertThat(undone.path("audit").get(0).path("actor").path("name").asText()).isEqualTo("ana");
    assertThat(discount()).isEqualTo("percent:15");
    JsonNode again =
        problem(send("POST", "/v1/audit/" + id + "/undo", null, null), 409, "undo-refused");
    assertThat(again.path("reason").asText()).contains("already undone");
    assertThat(json(t.get("/v1/audit/" + id)).path("undone_by").asLong())
        .isEqualTo(undone.path("audit").get(0).path("id").asLong());
    problem(send("POST", "/v1/audit/999999/undo", null, null), 404, "not-found");
    problem(send("POST", "/v1/audit/x/undo", null, null), 400, "invalid-request");
  }

  @Test
  void anUndoIsRefusedWhenTheFieldChangedSince() {
    JsonNode set =
        ok(
            send(
                "POST",
                "/v1/campaigns/sale/actions",
                "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 20}",
                "ana"),
            200);
    long id = set.path("audit").get(0).path("id").asLong();
    ok(
        send(
            "POST",
            "/v1/campaigns/sale/actions",
            "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 25}",
            "bob"),
        200);
    JsonNode refused =
        problem(send("POST", "/v1/audit/" + id + "/undo", null, "ana"), 409, "undo-refused");
    assertThat(refused.path("reason").asText()).contains("discount");
    assertThat(discount()).isEqualTo("percent:25");
  }

  @Test
  void manualActionsAreGuardedPreviewedAuditedAndServed() {
    // past a hard guardrail (percent discounts <= 70): refused naming the field, nothing changed or
    // audited
    JsonNode p =
        problem(
            send(
                "POST",
                "/v1/campaigns/sale/actions",
                "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 90}",
                "ana"),
            400,
            "invalid-request");
    assertThat(fields(p)).containsExactly("discount");
    assertThat(p.path("errors").get(0).path("message").asText()).contains("70");
    problem(
        send("POST", "/v1/campaigns/sale/actions", "{\"type\": \"explode\"}", null),
        400,
        "invalid-request");
    assertThat(
            fields(
                problem(
                    send(
                        "POST",
                        "/v1/campaigns/sale/actions",
                        "{\"type\": \"pause\"}",
                        "x".repeat(129)),
                    400,
                    "invalid-request")))
        .containsExactly("X-Actor");
    problem(
        send("POST", "/v1/campaigns/nope/actions", "{\"type\": \"pause\"}", null),
        404,
        "not-found");
    JsonNode move =
        problem(
            send(
                "POST",
                "/v1/campaigns/sale/actions",
                "{\"type\": \"move_budget\", \"to\": \"nowhere\", \"amount\": 10}",
                null),
            404,
            "not-found");
    assertThat(move.path("detail").asText()).contains("nowhere");
    assertThat(json(t.get("/v1/audit?campaign=sale")).path("entries")).isEmpty();

    JsonNode preview =
        ok(
            send(
                "POST",
                "/v1/campaigns/sale/actions?preview=true",
                "{\"type\": \"change_discount\", \"how\": \"set\", \"amount\": 20}",
                "ana"),
            200);
    assertThat(preview.path("preview").asBoolean()).isTrue();
    assertThat(preview.path("changes").get(0).path("after").asText()).isEqualTo("percent:20");
    assertThat(discount()).isEqualTo("percent:15");

    assertThat(json(t.get("/v1/decisions?user_id=u-1&placement=home")).path("ads")).hasSize(1);
    JsonNode paused =
        ok(
            send(
                "POST",
                "/v1/campaigns/sale/actions",
                "{\"type\": \"pause\", \"reason\": \"stock out\"}",
                "ana"),
            200);
    assertThat(paused.path("campaign").path("status").asText()).isEqualTo("paused");
    JsonNode audited = paused.path("audit").get(0);
    assertThat(audited.path("actor").path("kind").asText()).isEqualTo("person");
    assertThat(audited.path("actor").path("name").asText()).isEqualTo("ana");
    assertThat(audited.path("reason").asText()).isEqualTo("stock out");
    assertThat(json(t.get("/v1/decisions?user_id=u-2&placement=home")).path("ads")).isEmpty();
    // pausing again changes nothing and says so
    JsonNode noop =
        ok(send("POST", "/v1/campaigns/sale/actions", "{\"type\": \"pause\"}", null), 200);
    assertThat(noop.path("audit")).isEmpty();

    JsonNode bid =
        ok(
            send(
                "POST",
                "/v1/ads/shoes/actions",
                "{\"type\": \"change_bid\", \"percent\": 10}",
                null),
            200);
    assertThat(bid.path("ad").path("bid").path("amount").decimalValue())
        .isEqualByComparingTo("0.55");
    assertThat(bid.path("audit").get(0).path("actor").path("kind").asText()).isEqualTo("api");
    problem(
        send("POST", "/v1/ads/shoes/actions", "{\"type\": \"extend_end\", \"by\": \"1d\"}", null),
        400,
        "invalid-request");
    assertThat(json(t.get("/v1/audit?campaign=sale&since=1h")).path("entries")).hasSize(2);
  }

  @Test
  void versionsPreviewAndStaleEdits() {
    ok(send("POST", "/v1/rules", RAISE.formatted("dry_run"), null), 201);
    problem(send("POST", "/v1/rules", RAISE.formatted("dry_run"), null), 409, "rule-exists");
    JsonNode v2 =
        ok(
            send(
                "PUT",
                "/v1/rules/raise?based_on=1",
                RAISE.formatted("dry_run").replace("\"1h\"", "\"2h\""),
                "bob"),
            200);
    assertThat(v2.path("rule").path("version").asInt()).isEqualTo(2);
    JsonNode stale =
        problem(
            send("PUT", "/v1/rules/raise?based_on=1", RAISE.formatted("dry_run"), null),
            409,
            "stale-version");
    assertThat(stale.path("latest").asInt()).isEqualTo(2);
    assertThat(json(t.get("/v1/rules/raise/versions")).path("versions")).hasSize(2);
    assertThat(json(t.get("/v1/rules/raise/versions/1")).path("cooldown").asText()).isEqualTo("1h");
    problem(t.get("/v1/rules/raise/versions/3"), 404, "not-found");
    JsonNode retired = ok(send("DELETE", "/v1/rules/raise", null, null), 200);
    assertThat(retired.path("rule").path("enabled").asBoolean()).isFalse();
    assertThat(json(t.get("/v1/rules/raise")).path("version").asInt()).isEqualTo(3);

    JsonNode preview =
        ok(
            send(
                "POST",
                "/v1/rules/preview",
                RAISE.formatted("auto").replace("\"id\": \"raise\", ", ""),
                null),
            200);
    JsonNode d = preview.path("decisions").get(0);
    assertThat(d.path("campaign_id").asText()).isEqualTo("sale");
    assertThat(d.path("matched").asBoolean()).isTrue();
    assertThat(d.path("changes").get(0).path("after").asText()).isEqualTo("percent:20");
    assertThat(discount()).isEqualTo("percent:15");
  }

  @Test
  void aPlannedChangeWaitsForApprovalAndIsAppliedOnce() throws Exception {
    ok(send("POST", "/v1/rules", RAISE.formatted("require_approval"), null), 201);
    JsonNode list = await("/v1/approvals", a -> a.path("approvals").size() > 0);
    JsonNode approval = list.path("approvals").get(0);
    assertThat(approval.path("status").asText()).isEqualTo("pending");
    assertThat(discount()).isEqualTo("percent:15");
    long id = approval.path("id").asLong();
    JsonNode approved = ok(send("POST", "/v1/approvals/" + id + "/approve", null, "ana"), 200);
    assertThat(approved.path("approval").path("status").asText()).isEqualTo("approved");
    assertThat(approved.path("audit").get(0).path("actor").path("rule").asText())
        .isEqualTo("raise@1");
    assertThat(discount()).isEqualTo("percent:20");
    JsonNode closed =
        problem(
            send("POST", "/v1/approvals/" + id + "/reject", null, "bob"), 409, "approval-closed");
    assertThat(closed.path("approval_status").asText()).isEqualTo("approved");
    problem(t.get("/v1/approvals?status=maybe"), 400, "invalid-request");
    assertThat(json(t.get("/v1/approvals?status=approved")).path("approvals")).hasSize(1);
  }

  @Test
  void theOverviewCountsCampaignsAndTheStreamsRefuseNonStreamingClients() {
    JsonNode o = ok(t.get("/v1/overview"), 200);
    assertThat(o.path("mode").asText()).isEqualTo("embedded");
    assertThat(o.path("campaigns").path("active").asInt()).isEqualTo(1);
    assertThat(o.path("accounting").has("too_late")).isTrue();
    assertThat(o.path("rules").path("total").asInt()).isZero();
    assertThat(fields(problem(t.get("/v1/audit/stream"), 400, "invalid-request")))
        .containsExactly("Accept");
    assertThat(fields(problem(t.get("/v1/overview/stream"), 400, "invalid-request")))
        .containsExactly("Accept");
    problem(t.get("/v1/audit?since=yesterday"), 400, "invalid-request");
    problem(t.get("/v1/audit?cursor=-3"), 400, "invalid-request");
  }

  @Test
  void theStreamsPushNewAuditEntriesRunsAndTheOverview() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> audit =
        client.send(
            HttpRequest.newBuilder(t.uri("/v1/audit/stream"))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> overview =
        client.send(
            HttpRequest.newBuilder(t.uri("/v1/overview/stream"))
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(audit.statusCode()).isEqualTo(200);
    assertThat(audit.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    try (var auditIn =
            new BufferedReader(new InputStreamReader(audit.body(), StandardCharsets.UTF_8));
        var overviewIn =
            new BufferedReader(new InputStreamReader(overview.body(), StandardCharsets.UTF_8))) {
      // the audit stream is seen open at once: it starts with an event, long before any change
      assertThat(next(auditIn, "open").path("since").asText()).isNotBlank();
      JsonNode tiles = next(overviewIn, "overview");
      assertThat(tiles.path("campaigns").path("active").asInt()).isEqualTo(1);
      Thread.sleep(
          1_500); // the feed positions itself at its first poll: what exists before is not replayed
      ok(
          send(
              "POST",
              "/v1/campaigns/sale/actions",
              "{\"type\": \"extend_end\", \"by\": \"1d\"}",
              "ana"),
          200);
      JsonNode entry = next(auditIn, "audit");
      assertThat(entry.path("field").asText()).isEqualTo("end");
      assertThat(entry.path("actor").path("name").asText()).isEqualTo("ana");
      ok(send("POST", "/v1/rules", RAISE.formatted("dry_run"), null), 201);
      JsonNode dry = next(auditIn, "audit");
      assertThat(dry.path("outcome").asText()).isEqualTo("dry_run");
      JsonNode run = next(auditIn, "run");
      assertThat(run.path("rule").asText()).isEqualTo("raise@1");
      assertThat(run.path("outcome").asText()).isEqualTo("dry_run");
      JsonNode later = next(overviewIn, "overview");
      for (int i = 0; i < 5 && later.path("rules").path("enabled").asInt() == 0; i++) {
        later = next(overviewIn, "overview"); // one snapshot a second: a later one counts the rule
      }
      assertThat(later.path("rules").path("enabled").asInt()).isEqualTo(1);
    }
  }

  /** The data of the next event named {@code name}. */
  private static JsonNode next(BufferedReader in, String name) throws Exception {
    String line;
    boolean wanted = false;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("event: ")) {
        wanted = line.equals("event: " + name);
      } else if (wanted && line.startsWith("data: ")) {
        return Json.mapper().readTree(line.substring(6));
      }
    }
    throw new AssertionError("stream ended before an event " + name);
  }
}
