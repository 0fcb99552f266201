package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.EventJsonReader.Format;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventFormatsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=\"UTF-8\"",
        "application/json; foo=bar"
      })
  void jsonTypesReadAsJson(String contentType) {
    assertThat(EventFormats.forContentType(contentType)).isEqualTo(Format.JSON);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/jsonlines",
        "application/x-jsonlines",
        "application/x-ndjson; charset=utf-8"
      })
  void ndjsonAndJsonLinesTypesReadAsNdjson(String contentType) {
    assertThat(EventFormats.forContentType(contentType)).isEqualTo(Format.NDJSON);
  }

  @Test
  void missingContentTypeIsRefusedNamingTheAcceptedTypes() {
    assertThatThrownBy(() -> EventFormats.forContentType(null))
        .isInstanceOf(UnsupportedMediaTypeException.class)
        .hasMessageStartingWith("Content-Type is missing")
        .satisfies(
            e ->
                assertThat(((UnsupportedMediaTypeException) e).accepted())
                    .containsExactly("application/json", "application/x-ndjson"));
  }

  @Test
  void otherTypesAreRefused() {
    assertThatThrownBy(() -> EventFormats.forContentType("text/plain"))
        .isInstanceOf(UnsupportedMediaTypeException.class)
        .hasMessageStartingWith("Content-Type text/plain is not supported; send application/json");
  }

  @Test
  void charsetOtherThanUtf8IsRefused() {
    assertThatThrownBy(() -> EventFormats.forContentType("application/json; charset=ISO-8859-1"))
        .isInstanceOf(UnsupportedMediaTypeException.class)
        .hasMessage("charset ISO-8859-1 is not supported; request bodies must be UTF-8");
  }
}
