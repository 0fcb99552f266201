package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.runtime.BackpressureException;
import io.mercato.core.runtime.EngineUnavailableException;
import io.mercato.engine.EngineStatus;
import io.mercato.engine.RecoveryStatus;
import io.mercato.server.backend.NodeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  private static final String BASE = "https://mercato.dev/problems/";

  @Test
  void malformedInputCarriesItsPosition() {
    Problem p =
        Problems.of(
            new MalformedInputException("malformed JSON: unexpected end", 3, 14, 52),
            "POST",
            "/v1/events");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.type()).isEqualTo(BASE + "malformed-body");
    assertThat(p.detail()).isEqualTo("malformed JSON: unexpected end");
    assertThat(p.extensions())
        .containsOnly(entry("line", 3L), entry("column", 14L), entry("offset", 52L));
  }

  @Test
  void validationListsEveryField() {
    List<FieldError> errors = List.of(new FieldError("body", "is empty"));
    Problem p = Problems.of(new ValidationException(errors), "POST", "/v1/events");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.type()).isEqualTo(BASE + "invalid-request");
    assertThat(p.extensions()).containsOnly(entry("errors", errors));
  }

  @Test
  void backpressureAsksToRetryAfterWholeSecondsRoundedUp() {
    Problem p =
        Problems.of(
            new BackpressureException("shard 0 is full", Duration.ofMillis(1500)),
            "POST",
            "/v1/events");
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.type()).isEqualTo(BASE + "overloaded");
    assertThat(p.headers()).containsEntry("Retry-After", "2");
    assertThat(p.extensions()).containsEntry("retry_after_seconds", 2L);
  }

  @Test
  void retryAfterIsAtLeastOneSecond() {
    assertThat(Problems.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    assertThat(Problems.retryAfterSeconds(Duration.ofMillis(10))).isEqualTo(1);
    assertThat(Problems.retryAfterSeconds(null)).isEqualTo(1);
    assertThat(Problems.retryAfterSeconds(Duration.ofSeconds(3))).isEqualTo(3);
  }

  @Test
  void unavailableEngineAsksToRetryInOneSecond() {
    Problem p =
        Problems.of(new EngineUnavailableException("engine is recovering"), "GET", "/v1/stats");
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.type()).isEqualTo(BASE + "unavailable");
    assertThat(p.headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void bodyTooLargeNamesTheLimitAndClosesTheConnection() {
    Problem p = Problems.of(new BodyTooLargeException(100, -1), "POST", "/v1/events");
    assertThat(p.status()).isEqualTo(413);
    assertThat(p.extensions()).containsEntry("max_body_bytes", 100L);
    assertThat(p.headers()).containsEntry("Connection", "close");
  }

  @Test
  void unsupportedMediaTypeNamesTheAcceptedTypes() {
    Problem p =
        Problems.of(
            new UnsupportedMediaTypeException("nope", EventFormats.ACCEPTED), "POST", "/v1/events");
    assertThat(p.status()).isEqualTo(415);
    assertThat(p.extensions())
        .containsEntry("accepted", List.of("application/json", "application/x-ndjson"));
    assertThat(p.headers()).containsEntry("Accept-Post", "application/json, application/x-ndjson");
  }

  @Test
  void unknownRouteIsNotFound() {
    Problem p = Problems.of(new NotFoundResponse(), "GET", "/v2/nothing");
    assertThat(p.status()).isEqualTo(404);
    assertThat(p.type()).isEqualTo(BASE + "not-found");
    assertThat(p.detail())
        .isEqualTo("no route for GET /v2/nothing; the API is described at /openapi.json");
  }

  @Test
  void wrongMethodListsTheAllowedOnes() {
    Problem p = Problems.of(new MethodNotAllowedResponse(), "DELETE", "/v1/events");
    assertThat(p.status()).isEqualTo(405);
    assertThat(p.headers()).containsEntry("Allow", "POST");
    assertThat(p.extensions()).containsEntry("allowed", List.of("POST"));
  }

  @Test
  void wrongMethodOnATemplatedPathListsTheTemplatesMethods() {
    Problem p = Problems.of(new MethodNotAllowedResponse(), "POST", "/v1/items/p-7/stats");
    assertThat(p.headers()).containsEntry("Allow", "GET");
    assertThat(p.extensions()).containsEntry("allowed", List.of("GET"));
  }

  @Test
  void statsOfAnUnknownKeyIsNotFoundNamingTheKey() {
    Problem p =
        Problems.of(new StatsNotFoundException("item", "p-404"), "GET", "/v1/items/p-404/stats");
    assertThat(p.status()).isEqualTo(404);
    assertThat(p.type()).isEqualTo(BASE + "not-found");
    assertThat(p.detail()).contains("item \"p-404\"");
  }

  @Test
  void otherFrameworkStatusesUseAboutBlankWithTheStatusPhrase() {
    Problem p = Problems.of(new HttpResponseException(418, "teapot"), "GET", "/x");
    assertThat(p.type()).isEqualTo("about:blank");
    assertThat(p.status()).isEqualTo(418);
    assertThat(p.title()).isEqualTo(p.detail());
  }

  @Test
  void notReadyCarriesTheState() {
    EngineStatus s =
        new EngineStatus(
            EngineStatus.State.RECOVERING,
            "replaying the journal",
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            replaying());
    Problem p = Problems.of(new EngineNotReadyException(s), "GET", "/ready");
    assertThat(p.status()).isEqualTo(503);
    assertThat(p.type()).isEqualTo(BASE + "not-ready");
    assertThat(p.detail()).isEqualTo("engine is recovering: replaying the journal");
    assertThat(p.extensions()).containsEntry("state", "RECOVERING");
  }

  private static RecoveryStatus replaying() {
    return new RecoveryStatus(
        RecoveryStatus.Phase.REPLAYING_JOURNAL,
        100,
        4_000,
        4,
        4,
        250_000,
        1_000_000,
        12.5,
        25_000,
        30.0);
  }

  @Test
  void notReadyCarriesTheRecoveryProgress() {
    NodeStatus s =
        new NodeStatus(
            false,
            "RECOVERING",
            "engine is recovering: " + replaying().describe(),
            Map.of(),
            Map.of("recovery", Map.of("phase", "replaying_journal", "replayed_records", 250_000L)));
    Problem p = Problems.of(new EngineNotReadyException(s), "GET", "/ready");
    assertThat(p.detail())
        .isEqualTo(
            "engine is recovering: replaying the journal: 250,000 of 1,000,000 records (25%),"
                + " 25,000 records/s, about 30 s left");
    assertThat(p.extensions())
        .containsEntry("state", "RECOVERING")
        .containsEntry(
            "recovery", Map.of("phase", "replaying_journal", "replayed_records", 250_000L));
  }

  @Test
  void unexpectedExceptionLeaksNothingButAnErrorId() {
    Problem p =
        Problems.of(new IllegalStateException("secret path /var/lib/x"), "GET", "/v1/stats");
    assertThat(p.status()).isEqualTo(500);
    assertThat(p.type()).isEqualTo(BASE + "internal-error");
    assertThat(p.detail()).doesNotContain("secret").doesNotContain("IllegalState");
    assertThat(p.extensions()).containsOnlyKeys("error_id");
    assertThat(p.detail()).endsWith((String) p.extensions().get("error_id"));
  }

  @Test
  void unreadableBodyIsAClientError() {
    Problem p =
        Problems.of(
            new UnreadableBodyException(new IOException("early EOF")), "POST", "/v1/events");
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.type()).isEqualTo(BASE + "unreadable-body");
    assertThat(p.detail()).doesNotContain("early EOF");
  }

  @Test
  void bodyListsStandardMembersFirstThenExtensionsByName() {
    Problem p = new Problem(400, BASE + "x", "X", "d").with("zeta", 1).with("alpha", 2);
    Map<String, Object> body = p.body("/v1/events");
    assertThat(body.keySet())
        .containsExactly("type", "title", "status", "detail", "instance", "alpha", "zeta");
    assertThat(p.body(null)).doesNotContainKey("instance");
  }
}
