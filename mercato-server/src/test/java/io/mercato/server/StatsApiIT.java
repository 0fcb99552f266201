package io.mercato.server;

import static io.mercato.server.TestServer.json;
import static io.mercato.server.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/stats}, {@code /v1/items/{id}/stats} and {@code /v1/categories/{id}/stats} over the
 * hand-made events of {@link StatsFixture}, against a real engine.
 */
class StatsApiIT {
  @TempDir Path dataDir;
  private TestServer t;

  @BeforeEach
  void start() {
    t = TestServer.start(dataDir);
    HttpResponse<String> r = t.postJson(StatsFixture.batch());
    assertThat(json(r).path("accepted").asInt()).as(r.body()).isEqualTo(StatsFixture.EVENTS.length);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void globalCountsGrowWithTheWindow() {
    JsonNode body = ok("/v1/stats");
    assertThat(body.path("scope").asText()).isEqualTo("global");
    assertThat(body.path("key").isNull()).isTrue();
    assertThat(body.path("now").asText()).isEqualTo(StatsFixture.NEWEST);
    assertThat(body.path("windows").fieldNames())
        .toIterable()
        .containsExactly("1m", "10m", "1h", "24h", "7d");
    JsonNode w = body.path("windows");
    assertThat(counts(w.path("1m"))).isEqualTo("{\"click\":1,\"purchase\":1,\"view\":1}");
    assertThat(counts(w.path("10m"))).isEqualTo("{\"click\":1,\"purchase\":1,\"view\":2}");
    assertThat(counts(w.path("1h"))).isEqualTo("{\"click\":1,\"purchase\":1,\"view\":3}");
    assertThat(counts(w.path("24h"))).isEqualTo("{\"click\":1,\"purchase\":1,\"view\":4}");
    assertThat(counts(w.path("7d"))).isEqualTo("{\"click\":1,\"purchase\":2,\"view\":4}");
    assertThat(List.of("1m", "10m", "1h", "24h", "7d"))
        .extracting(n -> w.path(n).path("total").asLong())
        .containsExactly(3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void globalKeepsTheAllTimeTotalAtTheTopAndPurchaseValues() {
    HttpResponse<String> r = t.get("/v1/stats");
    // CrashRecoveryIT and DemoIT read the first "total" of the global answer as the all-time total.
    assertThat(r.body())
        .containsPattern("^\\{\"scope\":\"global\",\"key\":null,\"now\":\"[^\"]+\",\"total\":7,");
    JsonNode body = json(r);
    assertThat(body.path("all_time").toString())
        .isEqualTo("{\"click\":1,\"purchase\":2,\"view\":4}");
    JsonNode values = body.path("purchase_values");
    assertThat(values.path("count").asLong()).isEqualTo(2);
    assertThat(values.path("min").asDouble()).isEqualTo(20.0);
    assertThat(values.path("max").asDouble()).isEqualTo(40.0);
    assertThat(values.path("p50").asDouble()).isBetween(20.0, 40.0);
    assertThat(values.path("rank_error").asDouble()).isCloseTo(0.0165, within(0.001));
  }

  @Test
  void globalRatesAreTheirOwnPriorAndRawIsNullWithoutTrials() {
    JsonNode rates = ok("/v1/stats?window=1h").path("windows").path("1h").path("rates");
    assertThat(rates.path("ctr").path("raw").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(rates.path("ctr").path("smoothed").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(rates.path("ctr").path("successes").asLong()).isEqualTo(1);
    assertThat(rates.path("ctr").path("trials").asLong()).isEqualTo(3);
    assertThat(rates.path("cvr").path("raw").asDouble()).isEqualTo(1.0);
    assertThat(rates.path("cvr").path("reason").isNull()).isTrue();
    assertThat(rates.path("ad_ctr").path("raw").isNull()).as("0/0 is unknown, not 0").isTrue();
    assertThat(rates.path("ad_ctr").path("smoothed").isNull())
        .as("no trials and no prior: nothing to say")
        .isTrue();
    assertThat(rates.path("ad_ctr").path("prior").isNull()).isTrue();
    assertThat(rates.path("ad_ctr").path("reason").asText()).isEqualTo("no_trials");
  }

  @Test
  void ratesOfEveryScopeStayInTheUnitIntervalWhenSuccessesComeWithoutTrials() {
    // Regressions: 1 click and no view answered ctr.smoothed = 1.1; purchases without clicks a CVR
    // of 175.
    String ts = StatsFixture.NEWEST;
    List<Object> lonely =
        List.of(
            StatsFixture.event(
                "x1", "click", "lonely-user", "lonely-item", "lonely-cat", "lonely-camp", null, ts),
            StatsFixture.event(
                "x2",
                "purchase",
                "lonely-user",
                "lonely-item",
                "lonely-cat",
                "lonely-camp",
                5.0,
                ts),
            StatsFixture.event(
                "x3",
                "purchase",
                "lonely-user",
                "lonely-item",
                "lonely-cat",
                "lonely-camp",
                5.0,
                ts));
    List<Object> all = new ArrayList<>(lonely);
    Map<String, Object> adClick =
        StatsFixture.event("x4", "ad_click", "lonely-user", null, null, "lonely-camp", null, ts);
    adClick.put("ad_id", "lonely-ad");
    all.add(adClick);
    assertThat(json(t.postJson(StatsFixture.json(all))).path("accepted").asInt()).isEqualTo(4);

    // In 1h the global counts 3 views and 2 clicks: a prior of 2/3 that the category cannot use.
    JsonNode category =
        ok("/v1/stats?scope=category&key=lonely-cat&window=1h")
            .path("windows")
            .path("1h")
            .path("rates");
    JsonNode ctr = category.path("ctr");
    assertThat(ctr.path("raw").isNull()).isTrue();
    assertThat(ctr.path("smoothed").isNull()).isTrue();
    assertThat(ctr.path("prior").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(ctr.path("successes").asLong()).isEqualTo(1);
    assertThat(ctr.path("trials").asLong()).isZero();
    assertThat(ctr.path("reason").asText()).isEqualTo("successes_exceed_trials");
    assertThat(category.path("cvr").path("raw").isNull()).as("2 purchases of 1 click").isTrue();
    assertThat(category.path("cvr").path("reason").asText()).isEqualTo("successes_exceed_trials");
    // Globally 3 purchases of 2 clicks in 1h: no prior for anyone's CVR, so an item's CVR is its
    // raw one.
    assertThat(
            ok("/v1/stats?window=1h")
                .path("windows")
                .path("1h")
                .path("rates")
                .path("cvr")
                .path("reason")
                .asText())
        .isEqualTo("successes_exceed_trials");
    JsonNode ad =
        ok("/v1/stats?scope=ad&key=lonely-ad&window=1m").path("windows").path("1m").path("rates");
    assertThat(ad.path("ad_ctr").path("reason").asText()).isEqualTo("successes_exceed_trials");
    assertThat(ad.path("ad_ctr").path("smoothed").isNull()).isTrue();

    for (String path :
        List.of(
            "/v1/stats",
            "/v1/stats?scope=user&key=lonely-user",
            "/v1/stats?scope=item&key=lonely-item",
            "/v1/stats?scope=category&key=lonely-cat",
            "/v1/stats?scope=campaign&key=lonely-camp",
            "/v1/stats?scope=ad&key=lonely-ad",
            "/v1/stats?scope=campaign_id%2Bcategory&key=lonely-camp%7Clonely-cat",
            "/v1/categories/sports/stats")) {
      ok(path)
          .path("windows")
          .forEach(
              w ->
                  w.path("rates")
                      .forEach(
                          rate -> {
                            for (String field : List.of("raw", "smoothed", "prior")) {
                              JsonNode v = rate.path(field);
                              assertThat(v.isNull() || (v.asDouble() >= 0 && v.asDouble() <= 1))
                                  .as("%s %s %s", path, field, rate)
                                  .isTrue();
                            }
                            assertThat(rate.path("raw").isNull())
                                .as("%s %s", path, rate)
                                .isEqualTo(!rate.path("reason").isNull());
                          }));
    }
  }

  @Test
  void distinctUsersPerWindow() {
    JsonNode w = ok("/v1/stats").path("windows");
    JsonNode oneMinute = w.path("1m").path("distinct_users");
    assertThat(oneMinute.path("estimate").asLong()).isEqualTo(1);
    assertThat(oneMinute.path("lower_bound").asLong()).isLessThanOrEqualTo(1);
    assertThat(oneMinute.path("upper_bound").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(w.path("10m").path("distinct_users").path("estimate").asLong()).isEqualTo(2);
    assertThat(w.path("1h").path("distinct_users").path("estimate").asLong()).isEqualTo(3);
    assertThat(w.path("7d").path("distinct_users").path("estimate").asLong()).isEqualTo(5);
  }

  @Test
  void oneWindowAndOneTypeNarrowTheAnswer() {
    JsonNode body = ok("/v1/stats?window=10m&type=view");
    assertThat(body.path("windows").fieldNames()).toIterable().containsExactly("10m");
    assertThat(counts(body.path("windows").path("10m"))).isEqualTo("{\"view\":2}");
    assertThat(body.path("windows").path("10m").path("total").asLong()).isEqualTo(2);
    assertThat(body.path("total").asLong()).isEqualTo(4);
  }

  @Test
  void itemRatesAreSmoothedTowardTheGlobalRate() {
    // p-2 in 1h: 1 view, no click. Global ctr in 1h is 1/3, so (0 + 10/3) / (1 + 10).
    JsonNode ctr =
        ok("/v1/stats?scope=item&key=p-2&window=1h")
            .path("windows")
            .path("1h")
            .path("rates")
            .path("ctr");
    assertThat(ctr.path("raw").asDouble()).isZero();
    assertThat(ctr.path("smoothed").asDouble()).isCloseTo(10.0 / 33, within(1e-9));
    // p-1 in 1h: 2 views, 1 click: (1 + 10/3) / (2 + 10).
    JsonNode p1 =
        ok("/v1/stats?scope=item&key=p-1&window=1h")
            .path("windows")
            .path("1h")
            .path("rates")
            .path("ctr");
    assertThat(p1.path("raw").asDouble()).isEqualTo(0.5);
    assertThat(p1.path("smoothed").asDouble()).isCloseTo(13.0 / 36, within(1e-9));
  }

  @Test
  void itemEndpointAnswersLikeTheItemScope() {
    JsonNode viaPath = ok("/v1/items/p-1/stats");
    JsonNode viaQuery = ok("/v1/stats?scope=item&key=p-1");
    assertThat(viaPath).isEqualTo(viaQuery);
    assertThat(viaPath.path("scope").asText()).isEqualTo("item");
    assertThat(viaPath.path("key").asText()).isEqualTo("p-1");
    assertThat(viaPath.has("total")).as("all-time total is global only").isFalse();
    assertThat(viaPath.has("purchase_values")).isFalse();
    assertThat(counts(viaPath.path("windows").path("10m")))
        .isEqualTo("{\"click\":1,\"purchase\":1,\"view\":2}");
    assertThat(viaPath.path("windows").path("10m").path("distinct_users").path("estimate").asLong())
        .isEqualTo(2);
  }

  @Test
  void categoryEndpointAddsTrendingItemsPerWindow() {
    JsonNode body = ok("/v1/categories/books/stats");
    assertThat(body.path("scope").asText()).isEqualTo("category");
    assertThat(body.path("windows").path("7d").path("total").asLong()).isEqualTo(2);
    assertThat(body.path("windows").path("1h").path("total").asLong()).isZero();
    assertThat(body.path("trending").path("1h").toString())
        .isEqualTo("{\"items\":[],\"exact\":true,\"max_error\":0}");
    assertThat(body.path("trending").path("7d").toString())
        .isEqualTo(
            "{\"items\":[{\"item_id\":\"p-2\",\"count\":1},{\"item_id\":\"p-3\",\"count\":1}],"
                + "\"exact\":true,\"max_error\":0}");
  }

  @Test
  void campaignScopeHasItsPurchaseValues() {
    JsonNode body = ok("/v1/stats?scope=campaign&key=spring-sale");
    assertThat(counts(body.path("windows").path("7d")))
        .isEqualTo("{\"click\":1,\"purchase\":1,\"view\":1}");
    assertThat(body.path("purchase_values").path("count").asLong()).isEqualTo(1);
    assertThat(body.path("purchase_values").path("p50").asDouble()).isEqualTo(20.0);
  }

  @Test
  void compositeScopeJoinsItsKeyWithABar() {
    JsonNode body = ok("/v1/stats?scope=campaign_id%2Bcategory&key=spring-sale%7Csports&window=1m");
    assertThat(body.path("scope").asText()).isEqualTo("campaign_id+category");
    assertThat(body.path("key").asText()).isEqualTo("spring-sale|sports");
    JsonNode w = body.path("windows").path("1m");
    assertThat(counts(w)).isEqualTo("{\"click\":1,\"purchase\":1,\"view\":1}");
    assertThat(w.has("distinct_users")).as("not tracked for composites").isFalse();
    assertThat(w.path("rates").path("ctr").path("raw").asDouble()).isEqualTo(1.0);
  }

  @Test
  void userScopeReadsOneUser() {
    JsonNode body = ok("/v1/stats?scope=user&key=u1&window=1m");
    assertThat(counts(body.path("windows").path("1m")))
        .isEqualTo("{\"click\":1,\"purchase\":1,\"view\":1}");
  }

  @Test
  void unknownWindowIsBadRequestListingTheValidOnes() {
    JsonNode p = problem(t.get("/v1/stats?window=2h"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("window");
    assertThat(p.path("detail").asText()).contains("2h").contains("1m, 10m, 1h, 24h, 7d");
  }

  @Test
  void unknownScopeIsBadRequestListingTheValidOnes() {
    JsonNode p = problem(t.get("/v1/stats?scope=planet&key=x"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("scope");
    assertThat(p.path("detail").asText())
        .contains("global, user, item, category, ad, campaign, campaign_id+category");
  }

  @Test
  void missingKeyIsBadRequestOnFieldKey() {
    JsonNode p = problem(t.get("/v1/stats?scope=item"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("key");
    assertThat(p.path("detail").asText()).contains("required");
  }

  @Test
  void keyWithTheGlobalScopeIsBadRequest() {
    JsonNode p = problem(t.get("/v1/stats?key=p-1"), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("key");
  }

  @Test
  void blankParameterIsBadRequestNotIgnored() {
    JsonNode p = problem(t.get("/v1/stats?type="), 400, "invalid-request");
    assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo("type");
  }

  @Test
  void unknownItemIsNotFound() {
    JsonNode p = problem(t.get("/v1/items/p-404/stats"), 404, "not-found");
    assertThat(p.path("detail").asText()).contains("p-404");
    problem(t.get("/v1/stats?scope=item&key=p-404"), 404, "not-found");
    problem(t.get("/v1/categories/garden/stats"), 404, "not-found");
    problem(
        t.get("/v1/stats?scope=campaign_id%2Bcategory&key=spring-sale%7Cbooks"), 404, "not-found");
  }

  @Test
  void percentEncodedIdIsDecoded() {
    t.postJson(
        StatsFixture.json(
            StatsFixture.event(
                "e-sp", "view", "u9", "p 9", null, null, null, StatsFixture.NEWEST)));
    assertThat(ok("/v1/items/p%209/stats").path("key").asText()).isEqualTo("p 9");
  }

  @Test
  void wrongMethodOnItemStatsIsMethodNotAllowed() {
    HttpResponse<String> r = t.post("/v1/items/p-1/stats", "application/json", "{}");
    problem(r, 405, "method-not-allowed");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void statsReadRightAfterAnAcknowledgedIngestCountIt() {
    for (int i = 1; i <= 20; i++) {
      String e =
          StatsFixture.json(
              StatsFixture.event(
                  "ryw-" + i,
                  "add_to_cart",
                  "u-" + i,
                  "p-1",
                  "sports",
                  null,
                  null,
                  StatsFixture.NEWEST));
      assertThat(t.postJson(e).statusCode()).isEqualTo(202);
      JsonNode w = ok("/v1/items/p-1/stats").path("windows").path("1m");
      assertThat(w.path("counts").path("add_to_cart").asLong())
          .as("after ingest %d", i)
          .isEqualTo(i);
    }
  }

  private JsonNode ok(String path) {
    HttpResponse<String> r = t.get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    return json(r);
  }

  private static String counts(JsonNode window) {
    return window.path("counts").toString();
  }
}
