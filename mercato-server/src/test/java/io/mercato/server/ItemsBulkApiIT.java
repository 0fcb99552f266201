package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/items}: bulk catalog writes, all or nothing, against a real engine. */
class ItemsBulkApiIT {
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

  HttpResponse<String> post(String contentType, String body) {
    return t.post("/v1/items", contentType, body);
  }

  int catalogSize() {
    return json(t.get("/v1/items")).path("total").asInt();
  }

  @Test
  void jsonArrayIsStored() {
    HttpResponse<String> r =
        post(
            "application/json",
            "[{\"item_id\":\"p-1\",\"category\":\"shoes\",\"price\":10},"
                + "{\"item_id\":\"p-2\",\"available\":false},{\"item_id\":\"p-1\",\"category\":\"boots\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"stored\":3}");
    assertThat(json(t.get("/v1/items/p-1")).path("category").asText())
        .as("a later item of the same id wins")
        .isEqualTo("boots");
    assertThat(json(t.get("/v1/items/p-2")).path("available").asBoolean()).isFalse();
    assertThat(catalogSize()).isEqualTo(2);
  }

  @Test
  void singleObjectAndNdjsonAreStored() {
    assertThat(post("application/json", "{\"item_id\":\"p-1\"}").body())
        .isEqualTo("{\"stored\":1}");
    HttpResponse<String> r =
        post(
            "application/x-ndjson", "{\"item_id\":\"p-2\"}\n\n{\"item_id\":\"p-3\",\"price\":3}\n");
    assertThat(r.body()).isEqualTo("{\"stored\":2}");
    assertThat(post("application/jsonl", "{\"item_id\":\"p-4\"}").statusCode()).isEqualTo(200);
    assertThat(catalogSize()).isEqualTo(4);
  }

  @Test
  void anEmptyArrayStoresNothing() {
    assertThat(post("application/json", "[]").body()).isEqualTo("{\"stored\":0}");
  }

  @Test
  void oneInvalidItemRefusesTheWholeBatchListingEachBadItem() {
    HttpResponse<String> r =
        post(
            "application/json",
            "[{\"item_id\":\"p-1\"},{\"item_id\":\"p-2\",\"price\":-1,\"colour\":1},"
                + "{\"item_id\":\"p-3\"},{\"price\":2},\"p-5\"]");
    JsonNode p = problem(r, 400, "invalid-request");
    assertThat(p.path("detail").asText())
        .startsWith("3 of 5 items are invalid; nothing was stored.");
    JsonNode rejected = p.path("rejected");
    assertThat(rejected).extracting(j -> j.path("index").asInt()).containsExactly(1, 3, 4);
    assertThat(rejected.get(0).path("errors"))
        .extracting(e -> e.path("field").asText())
        .containsExactlyInAnyOrder("price", "colour");
    assertThat(rejected.get(1).path("errors").get(0).path("field").asText()).isEqualTo("item_id");
    assertThat(rejected.get(1).path("errors").get(0).path("message").asText())
        .isEqualTo("is required");
    assertThat(rejected.get(2).path("errors").get(0).path("field").asText()).isEqualTo("item");
    assertThat(p.path("errors"))
        .extracting(e -> e.path("field").asText())
        .containsExactlyInAnyOrder("[1].price", "[1].colour", "[3].item_id", "[4]");
    assertThat(catalogSize()).as("nothing of the batch is stored").isZero();
    problem(t.get("/v1/items/p-1"), 404, "not-found");
  }

  @Test
  void aMalformedNdjsonLineIsAnInvalidItem() {
    JsonNode p =
        problem(
            post("application/x-ndjson", "{\"item_id\":\"p-1\"}\n{\"item_id\":\n"),
            400,
            "invalid-request");
    assertThat(p.path("rejected")).hasSize(1);
    assertThat(p.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
    JsonNode error = p.path("rejected").get(0).path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("item");
    assertThat(error.path("message").asText()).startsWith("line 2: malformed JSON");
    assertThat(catalogSize()).isZero();
  }

  @Test
  void malformedJsonEmptyAndScalarBodiesAreBadRequests() {
    JsonNode m =
        problem(
            post("application/json", "[{\"item_id\":\"p-1\"},\n{\"item_id\": }]"),
            400,
            "malformed-body");
    assertThat(m.path("line").asInt()).isEqualTo(2);
    assertThat(
            problem(post("application/json", ""), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("body");
    assertThat(
            problem(post("application/json", "42"), 400, "invalid-request")
                .path("errors")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("body");
    assertThat(catalogSize()).isZero();
  }

  @Test
  void oversizedBodiesAreRefusedWithOrWithoutContentLength() {
    String big =
        "["
            + "{\"item_id\":\"p-1\"},".repeat(TestServer.MAX_BODY_BYTES / 18)
            + "{\"item_id\":\"p-2\"}]";
    JsonNode p = problem(post("application/json", big), 413, "body-too-large");
    assertThat(p.path("max_body_bytes").asInt()).isEqualTo(TestServer.MAX_BODY_BYTES);
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        t.post(
            "/v1/items",
            "application/json",
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    problem(chunked, 413, "body-too-large");
    assertThat(catalogSize()).isZero();
  }

  @Test
  void unsupportedMediaTypesAreRefused() {
    JsonNode p = problem(post("text/csv", "item_id\np-1\n"), 415, "unsupported-media-type");
    assertThat(p.path("accepted"))
        .extracting(JsonNode::asText)
        .containsExactly("application/json", "application/x-ndjson");
    problem(post(null, "{\"item_id\":\"p-1\"}"), 415, "unsupported-media-type");
  }
}
