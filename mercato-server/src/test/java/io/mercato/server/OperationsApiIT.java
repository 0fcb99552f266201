package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health, readiness, metrics, the OpenAPI document and errors outside any route. */
class OperationsApiIT {
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
  void healthIsUp() {
    HttpResponse<String> r = t.get("/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void readyReportsTheEngineStatus() {
    t.postJson(event("e-1", "click", "u-1"));
    HttpResponse<String> r = t.get("/ready");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.path("status").asText()).isEqualTo("READY");
    assertThat(body.path("shards").asInt()).isEqualTo(2);
    assertThat(body.path("last_sequence").asLong()).isEqualTo(1);
    assertThat(body.path("durable_sequence").asLong()).isEqualTo(1);
    assertThat(body.has("snapshot_sequence")).isTrue();
    JsonNode recovery = body.path("recovery");
    assertThat(recovery.path("phase").asText()).isEqualTo("done");
    assertThat(recovery.path("percent").asDouble()).isEqualTo(100.0);
    assertThat(recovery.path("summary").asText()).startsWith("recovered in ");
  }

  @Test
  void metricsExposeTheRecoveryAndItsPhase() {
    assertThat(t.get("/metrics").body())
        .contains("mercato_recovery_phase{phase=\"done\"} 1.0")
        .contains("mercato_recovery_phase{phase=\"replaying_journal\"} 0.0")
        .contains("mercato_recovery_progress_ratio 1.0")
        .contains("mercato_recovery_replayed_records 0.0")
        .contains("mercato_recovery_seconds");
  }

  @Test
  void metricsExposeRequestTimerByRouteTemplateAndEngineCounters() {
    t.postJson(event("e-1", "click", "u-1"));
    t.get("/no/such/route");
    HttpResponse<String> r = t.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(r.body())
        .contains("http_server_requests_seconds_bucket{")
        .containsPattern(
            "http_server_requests_seconds_count\\{method=\"POST\",route=\"/v1/events\",status=\"202\"} 1")
        .containsPattern(
            "http_server_requests_seconds_count\\{method=\"GET\",route=\"UNMATCHED\",status=\"404\"} 1")
        .doesNotContain("/no/such/route")
        .containsPattern("mercato_events_accepted_total(\\{[^}]*})? 1\\.0")
        .containsPattern("mercato_journal_fsync_seconds_count(\\{[^}]*})? [1-9]")
        .containsPattern("mercato_journal_durable_wait_seconds_count(\\{[^}]*})? 1")
        .contains("mercato_shard_queue_depth{shard=\"0\"}")
        .contains("mercato_dedup_evictions_total")
        .contains("mercato_engine_ready");
  }

  @Test
  void unknownRouteIsNotFoundProblem() {
    JsonNode p = problem(t.get("/v2/nothing"), 404, "not-found");
    assertThat(p.path("detail").asText()).contains("GET /v2/nothing");
  }

  @Test
  void knownPathWithWrongMethodIsMethodNotAllowedWithAllowHeader() {
    HttpResponse<String> r = t.send(HttpRequest.newBuilder(t.uri("/v1/events")).GET().build());
    JsonNode p = problem(r, 405, "method-not-allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    assertThat(p.path("allowed")).extracting(JsonNode::asText).containsExactly("POST");
  }

  @Test
  void openApiDocumentParsesAndListsTheEventsRoute() {
    HttpResponse<String> r = t.get("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode doc = json(r);
    assertThat(doc.path("openapi").asText()).startsWith("3.1");
    assertThat(doc.path("paths").has("/v1/events")).isTrue();
    assertThat(doc.path("paths").path("/v1/events").has("post")).isTrue();
  }

  @Test
  void portInUseFailsTheStartNamingTheAddress() {
    ServerConfig taken = new ServerConfig("127.0.0.1", t.server.port(), 1024);
    assertThatThrownBy(() -> MercatoServer.start(taken, t.engine, t.registry))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot serve HTTP on 127.0.0.1:" + t.server.port());
    assertThat(t.get("/health").statusCode()).as("the first server still serves").isEqualTo(200);
  }

  @Test
  void errorJettyAnswersBeforeRoutingIsStillAProblemDocument() {
    HttpRequest huge =
        HttpRequest.newBuilder(t.uri("/health"))
            .header("X-Padding", "x".repeat(64 * 1024))
            .GET()
            .build();
    HttpResponse<String> r = t.send(huge);
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(json(r).path("status").asInt()).isEqualTo(431);
  }
}
