package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRouteTest {
  private static final ApiRoute ITEM = new ApiRoute("GET", "/v1/items/{id}/stats", "item stats");

  @Test
  void templateSegmentMatchesExactlyOneSegment() {
    assertThat(ITEM.matches("/v1/items/p-7/stats")).isTrue();
    assertThat(ITEM.matches("/v1/items/p-7/stats/")).isTrue();
    assertThat(ITEM.matches("/v1/items//stats")).isFalse();
    assertThat(ITEM.matches("/v1/items/a/b/stats")).isFalse();
    assertThat(ITEM.matches("/v1/items/p-7")).isFalse();
  }

  @Test
  void literalPathMatchesOnlyItselfAndRegexCharactersAreLiteral() {
    ApiRoute openapi = new ApiRoute("GET", "/openapi.json", "doc");
    assertThat(openapi.matches("/openapi.json")).isTrue();
    assertThat(openapi.matches("/openapiXjson")).isFalse();
    assertThat(openapi.matches("/openapi.json/x")).isFalse();
  }
}
