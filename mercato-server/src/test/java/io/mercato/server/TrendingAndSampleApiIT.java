package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/trending} and {@code GET /v1/events/sample} over {@link StatsFixture}. */
class TrendingAndSampleApiIT {
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    assertThat(t.postJson(StatsFixture.batch()).statusCode()).isEqualTo(202);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void trendingDefaultsToOneHourAndOrdersByCount() {
    JsonNode body = ok("/v1/trending");
    assertThat(body.path("window").asText()).isEqualTo("1h");
    assertThat(body.path("category").isNull()).isTrue();
    assertThat(body.path("now").asText()).isEqualTo(StatsFixture.NEWEST);
    assertThat(body.path("items").toString())
        .isEqualTo("[{\"item_id\":\"p-1\",\"count\":4},{\"item_id\":\"p-2\",\"count\":1}]");
    assertThat(body.path("exact").asBoolean()).isTrue();
    assertThat(body.path("max_error").asLong()).isZero();
  }

  @Test
  void trendingOverALongerWindowAndTopNIsAPrefix() {
    JsonNode all = ok("/v1/trending?window=7d").path("items");
    assertThat(all)
        .extracting(i -> i.path("item_id").asText())
        .containsExactly("p-1", "p-2", "p-3");
    assertThat(all).extracting(i -> i.path("count").asLong()).containsExactly(4L, 2L, 1L);
    JsonNode top2 = ok("/v1/trending?window=7d&n=2").path("items");
    assertThat(top2).hasSize(2);
    assertThat(top2.get(0)).isEqualTo(all.get(0));
    assertThat(top2.get(1)).isEqualTo(all.get(1));
  }

  @Test
  void trendingInACategory() {
    JsonNode body = ok("/v1/trending?window=7d&category=books");
    assertThat(body.path("category").asText()).isEqualTo("books");
    assertThat(body.path("items"))
        .extracting(i -> i.path("item_id").asText())
        .containsExactly("p-2", "p-3");
    // p-2 has a view in books and one in sports: only the books one counts here.
    assertThat(body.path("items"))
        .extracting(i -> i.path("count").asLong())
        .containsExactly(1L, 1L);
    assertThat(body.path("exact").asBoolean()).isTrue();
  }

  @Test
  void trendingOfAnUnknownCategoryIsEmptyNotNotFound() {
    assertThat(ok("/v1/trending?category=garden").path("items")).isEmpty();
  }

  @Test
  void trendingRefusesNOutOfRangeOrNotANumber() {
    for (String n : new String[] {"0", "1001", "ten"}) {
      JsonNode p = problem(t.get("/v1/trending?n=" + n), 400, "invalid-request");
      assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("n");
      assertThat(p.path("detail").asText()).contains("1..1000");
    }
  }

  @Test
  void trendingRefusesAnUnknownWindow() {
    JsonNode p = problem(t.get("/v1/trending?window=90m"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("window");
  }

  @Test
  void sampleReturnsAtMostNEventsOfTheRequestedType() {
    JsonNode body = ok("/v1/events/sample?n=2&window=7d&type=view");
    assertThat(body.path("window").asText()).isEqualTo("7d");
    assertThat(body.path("type").asText()).isEqualTo("view");
    JsonNode events = body.path("events");
    assertThat(events).hasSize(2);
    assertThat(events).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("view"));
  }

  @Test
  void sampleOfAWindowHoldsOnlyItsEventsAsContractJson() {
    JsonNode events = ok("/v1/events/sample?window=10m&type=purchase").path("events");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).toString())
        .isEqualTo(
            "{\"event_id\":\"e5\",\"type\":\"purchase\",\"user_id\":\"u1\","
                + "\"item_id\":\"p-1\",\"campaign_id\":\"spring-sale\",\"category\":\"sports\",\"value\":20.0,"
                + "\"timestamp\":\"2026-11-24T12:29:52Z\"}");
  }

  @Test
  void sampleDefaultsToTenMinutes() {
    JsonNode body = ok("/v1/events/sample");
    assertThat(body.path("window").asText()).isEqualTo("10m");
    assertThat(body.path("type").isNull()).isTrue();
    assertThat(body.path("events"))
        .extracting(e -> e.path("event_id").asText())
        .containsExactlyInAnyOrder("e1", "e2", "e3", "e5");
  }

  @Test
  void sampleRefusesNOutOfRange() {
    JsonNode p = problem(t.get("/v1/events/sample?n=1001"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("n");
  }

  private JsonNode ok(String path) {
    HttpResponse<String> r = t.get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return json(r);
  }
}
