package io.mercato.server;

import static io.mercato.server.TestServer.event;
import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT /v1/items/{id}}, {@code GET /v1/items/{id}} and {@code GET /v1/items} against a real engine. */
class ItemsApiIT {
  static final String SHOE =
      "{\"item_id\":\"p-7\",\"category\":\"shoes\",\"price\":59.9,\"available\":true,"
          + "\"attributes\":{\"brand\":\"acme\",\"size\":42,\"eco\":true}}";

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

  HttpResponse<String> put(String id, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(t.uri("/v1/items/" + id))
            .PUT(BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return t.send(b.build());
  }

  HttpResponse<String> put(String id, String body) {
    return put(id, "application/json", body);
  }

  static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
    return out;
  }

  @Test
  void putStoresTheItemAndGetReturnsIt() {
    HttpResponse<String> r = put("p-7", SHOE);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    String expected =
        "{\"item_id\":\"p-7\",\"source\":\"catalog\",\"category\":\"shoes\",\"price\":59.9,\"available\":true,"
            + "\"attributes\":{\"brand\":\"acme\",\"size\":42,\"eco\":true},\"updated_at\":\"2026-11-24T12:30:00Z\"}";
    assertThat(r.body()).isEqualTo(expected);
    HttpResponse<String> g = t.get("/v1/items/p-7");
    assertThat(g.statusCode()).isEqualTo(200);
    assertThat(g.body()).isEqualTo(expected);
  }

  @Test
  void putWithoutItemIdTakesThePathIdAndReplacesTheEntryWhole() {
    put("p-7", SHOE);
    HttpResponse<String> r = put("p-7", "{\"available\": false}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode item = json(t.get("/v1/items/p-7"));
    assertThat(item.path("item_id").asText()).isEqualTo("p-7");
    assertThat(item.path("available").asBoolean()).isFalse();
    assertThat(item.path("category").isNull()).as("members left out take their defaults").isTrue();
    assertThat(item.path("price").isNull()).isTrue();
    assertThat(item.path("attributes")).isEmpty();
  }

  @Test
  void percentEncodedIdsAreDecoded() {
    assertThat(put("a%20b", "{\"item_id\":\"a b\"}").statusCode()).isEqualTo(200);
    assertThat(json(t.get("/v1/items/a%20b")).path("item_id").asText()).isEqualTo("a b");
  }

  @Test
  void mismatchingItemIdIsRefusedOnItemIdAndNothingIsStored() {
    JsonNode p = problem(put("p-7", "{\"item_id\":\"p-8\",\"price\":1}"), 400, "invalid-request");
    assertThat(fields(p)).containsExactly("item_id");
    assertThat(p.path("errors").get(0).path("message").asText())
        .contains("\"p-7\"")
        .contains("\"p-8\"");
    problem(t.get("/v1/items/p-7"), 404, "not-found");
    problem(t.get("/v1/items/p-8"), 404, "not-found");
  }

  @Test
  void everyInvalidFieldIsNamed() {
    JsonNode p =
        problem(
            put(
                "p-7",
                "{\"category\":\"\",\"price\":-1,\"available\":\"no\",\"attributes\":{\"a\":[1]},"
                    + "\"colour\":\"red\",\"updated_at\":\"x\"}"),
            400,
            "invalid-request");
    assertThat(fields(p))
        .containsExactlyInAnyOrder(
            "category", "price", "available", "attributes.a", "colour", "updated_at");
    assertThat(p.path("rejected").isMissingNode()).as("single items have no batch index").isTrue();
  }

  @Test
  void priceAsAStringIsRefused() {
    JsonNode p = problem(put("p-7", "{\"price\":\"19.99\"}"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("message").asText()).contains("not a string");
  }

  @Test
  void bodyMustBeOneWellFormedObject() {
    assertThat(fields(problem(put("p-7", ""), 400, "invalid-request"))).containsExactly("body");
    assertThat(fields(problem(put("p-7", "[" + SHOE + "]"), 400, "invalid-request")))
        .containsExactly("body");
    JsonNode m = problem(put("p-7", "{\n\"price\": }"), 400, "malformed-body");
    assertThat(m.path("line").asInt()).isEqualTo(2);
  }

  @Test
  void onlyJsonIsAccepted() {
    for (String type :
        new String[] {"text/plain", "application/x-ndjson", "application/json; charset=latin1"}) {
      HttpResponse<String> r = put("p-7", type, SHOE);
      JsonNode p = problem(r, 415, "unsupported-media-type");
      assertThat(p.path("accepted"))
          .extracting(JsonNode::asText)
          .containsExactly("application/json");
    }
    problem(put("p-7", null, SHOE), 415, "unsupported-media-type");
    assertThat(put("p-7", "application/json; charset=utf-8", SHOE).statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBodyIsRefused() {
    String big = "{\"attributes\":{\"pad\":\"" + "x".repeat(TestServer.MAX_BODY_BYTES) + "\"}}";
    JsonNode p = problem(put("p-7", big), 413, "body-too-large");
    assertThat(p.path("max_body_bytes").asInt()).isEqualTo(TestServer.MAX_BODY_BYTES);
  }

  @Test
  void anItemKnownOnlyFromEventsExistsImplicitly() {
    assertThat(t.postJson(event("e-1", "view", "u-1")).statusCode()).isEqualTo(202); // item p-7
    HttpResponse<String> r = t.get("/v1/items/p-7");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "{\"item_id\":\"p-7\",\"source\":\"events\",\"category\":null,\"price\":null,"
                + "\"available\":true,\"attributes\":{},\"updated_at\":null}");
    assertThat(
            t.postJson(
                    "{\"event_id\":\"e-2\",\"type\":\"click\",\"user_id\":\"u-1\",\"item_id\":\"p-8\","
                        + "\"category\":\"sports\",\"timestamp\":\"2026-11-24T12:00:00Z\"}")
                .statusCode())
        .isEqualTo(202);
    assertThat(json(t.get("/v1/items/p-8")).path("category").asText())
        .as("the category its events carry")
        .isEqualTo("sports");
    // A catalog entry takes precedence over what events imply.
    put("p-7", "{\"available\":false}");
    JsonNode item = json(t.get("/v1/items/p-7"));
    assertThat(item.path("source").asText()).isEqualTo("catalog");
    assertThat(item.path("available").asBoolean()).isFalse();
    // Implicit items are not catalog entries.
    assertThat(json(t.get("/v1/items")).path("total").asInt()).isEqualTo(1);
  }

  @Test
  void anUnknownItemIsNotFound() {
    JsonNode p = problem(t.get("/v1/items/nope"), 404, "not-found");
    assertThat(p.path("detail").asText()).contains("nope");
  }

  @Test
  void listingPagesThroughTheCatalogInIdOrder() {
    for (String id : List.of("c", "a", "e", "b", "d")) {
      assertThat(put(id, "{\"price\":1}").statusCode()).isEqualTo(200);
    }
    JsonNode first = json(t.get("/v1/items?limit=2"));
    assertThat(first.path("items"))
        .extracting(i -> i.path("item_id").asText())
        .containsExactly("a", "b");
    assertThat(first.path("next_after").asText()).isEqualTo("b");
    assertThat(first.path("total").asInt()).isEqualTo(5);
    JsonNode second = json(t.get("/v1/items?limit=2&after=b"));
    assertThat(second.path("items"))
        .extracting(i -> i.path("item_id").asText())
        .containsExactly("c", "d");
    JsonNode last = json(t.get("/v1/items?limit=2&after=d"));
    assertThat(last.path("items")).extracting(i -> i.path("item_id").asText()).containsExactly("e");
    assertThat(last.path("next_after").isNull()).isTrue();
    JsonNode exact = json(t.get("/v1/items?limit=5"));
    assertThat(exact.path("items")).hasSize(5);
    assertThat(exact.path("next_after").isNull()).as("no empty page after an exact fit").isTrue();
    JsonNode all = json(t.get("/v1/items"));
    assertThat(all.path("items")).hasSize(5);
    assertThat(all.path("items").get(0).path("source").asText()).isEqualTo("catalog");
  }

  @Test
  void anEmptyCatalogListsNothing() {
    assertThat(t.get("/v1/items").body())
        .isEqualTo("{\"items\":[],\"next_after\":null,\"total\":0}");
  }

  @Test
  void invalidListingParametersAreNamed() {
    assertThat(fields(problem(t.get("/v1/items?limit=0"), 400, "invalid-request")))
        .containsExactly("limit");
    assertThat(fields(problem(t.get("/v1/items?limit=1001"), 400, "invalid-request")))
        .containsExactly("limit");
    assertThat(fields(problem(t.get("/v1/items?limit=ten"), 400, "invalid-request")))
        .containsExactly("limit");
    assertThat(fields(problem(t.get("/v1/items?after="), 400, "invalid-request")))
        .containsExactly("after");
  }

  @Test
  void otherMethodsAreNotAllowed() {
    HttpResponse<String> r =
        t.send(HttpRequest.newBuilder(t.uri("/v1/items/p-7")).DELETE().build());
    problem(r, 405, "method-not-allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, PUT");
  }

  @Test
  void storedItemsSurviveARestart() {
    put("p-7", SHOE);
    t.close();
    t = TestServer.start(dataDir);
    JsonNode item = json(t.get("/v1/items/p-7"));
    assertThat(item.path("category").asText()).isEqualTo("shoes");
    assertThat(item.path("attributes").path("size").asLong()).isEqualTo(42);
  }

  @Test
  void writesAndSizeAreInTheMetrics() {
    put("p-1", "{}");
    put("p-1", "{}");
    put("p-2", "{}");
    String metrics = t.get("/metrics").body();
    assertThat(metrics).containsPattern("(?m)^mercato_catalog_writes_total(\\{[^}]*\\})? 3\\.0$");
    assertThat(metrics).containsPattern("(?m)^mercato_catalog_items(\\{[^}]*\\})? 2\\.0$");
  }
}
