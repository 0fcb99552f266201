package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class PercentEncodingTest {

  static FieldError error(String path, String query) {
    try {
      PercentEncoding.check(path, query);
    } catch (ValidationException e) {
      return e.errors().get(0);
    }
    throw new AssertionError("accepted " + path + "?" + query);
  }

  @Test
  void wellFormedEscapesPass() {
    assertThatCode(
            () ->
                PercentEncoding.check(
                    "/v1/items/caf%C3%A9%20x/stats", "scope=item&key=a%2Bb+c&window=10m"))
        .doesNotThrowAnyException();
    assertThatCode(() -> PercentEncoding.check("/v1/items/%F0%9F%98%80", "k=%f0%9f%98%80&flag&=x"))
        .doesNotThrowAnyException();
    assertThatCode(() -> PercentEncoding.check(null, null)).doesNotThrowAnyException();
  }

  @Test
  void malformedQueryEscapesNameTheParameter() {
    assertThat(error("/v1/stats", "window=%ZZ"))
        .isEqualTo(
            new FieldError(
                "window",
                "has a malformed percent-escape \"%ZZ\" at position 0 (an escape is % and two hex digits; send a literal % as %25)"));
    assertThat(error("/v1/stats", "n=1&window=10%"))
        .satisfies(e -> assertThat(e.field()).isEqualTo("window"));
    assertThat(error("/v1/stats", "key=a%2"))
        .satisfies(e -> assertThat(e.message()).contains("\"%2\" at position 1"));
    assertThat(error("/v1/stats", "caf%C3%A9=%ZZ"))
        .satisfies(e -> assertThat(e.field()).isEqualTo("café"));
    assertThat(error("/v1/stats", "%G1=1"))
        .satisfies(e -> assertThat(e.field()).isEqualTo("query"));
  }

  @Test
  void escapesOfMalformedUtf8AreRefused() {
    assertThat(error("/v1/stats", "key=%C0%AF").message())
        .isEqualTo(
            "has percent-escapes that are not well-formed UTF-8: C0 AF at byte offset 0 is an overlong encoding of the decoded bytes");
    assertThat(error("/v1/stats", "key=ok%ED%A0%80").message())
        .contains("ED A0 80 at byte offset 2 encodes a UTF-16 surrogate");
    assertThat(error("/v1/stats", "key=%F4%90%80%80").message()).contains("beyond U+10FFFF");
    assertThat(error("/v1/stats", "key=%FF").message())
        .contains("FF at byte offset 0 is not a UTF-8 byte");
  }

  @Test
  void pathSegmentsAreNamedByTheRouteParameter() {
    assertThat(error("/v1/items/%u0041", null))
        .isEqualTo(
            new FieldError(
                "id",
                "the path segment has a malformed percent-escape \"%u0041\" at position 0 (an escape is % and two hex digits; "
                    + "send a literal % as %25)"));
    assertThat(error("/v1/campaigns/%C0%AF/kpis", null).field()).isEqualTo("id");
    assertThat(error("/v1/elsewhere/%ZZ", null).field()).isEqualTo("path");
    assertThatThrownBy(() -> PercentEncoding.check("/v1/items/ok", "a=%ZZ"))
        .isInstanceOf(ValidationException.class);
  }
}
