package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.core.event.EventLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Issue 13 item 1 for catalog items: invalid Unicode is refused on the item and member holding it. */
class CatalogJsonReaderUnicodeTest {
  final CatalogJsonReader reader =
      new CatalogJsonReader(
          EventLimits.defaults(), InstantSource.fixed(Instant.parse("2026-11-24T12:00:00Z")));

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void loneSurrogatesInIdsAndAttributesAreRefusedPerItem() {
    byte[] body =
        utf8(
            """
        {"item_id": "i-1", "category": "k"}
        {"item_id": "i-\\ud800", "category": "k-\\udc00", "attributes": {"brand": "acme-\\udc00"}}
        {"item_id": "i-?"}
        """);
    assertThatThrownBy(() -> reader.readBatch(body, Format.NDJSON))
        .isInstanceOfSatisfying(
            InvalidItemsException.class,
            e -> {
              assertThat(e.rejected())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.index()).isEqualTo(1);
                        assertThat(r.errors())
                            .extracting(FieldError::field)
                            .containsExactly("item_id", "category", "attributes.brand");
                      });
            });
  }

  @Test
  void pathIdsFollowTheIdRule() {
    assertThatThrownBy(() -> reader.readItem(utf8("{\"price\": 1}"), "i\t1"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError(
                            "item_id",
                            "must not contain control characters (found U+0009 at position 1)")));
    assertThatThrownBy(() -> reader.readItem(utf8("{\"price\": 1}"), "i-\uDC00"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).message()).contains("unpaired UTF-16 surrogate"));
  }

  @Test
  void malformedUtf8IsRefusedOnItsMember() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(utf8("[{\"item_id\": \"i-1\"}, {\"item_id\": \"i-2\", \"category\": \"k"));
    b.writeBytes(new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF});
    b.writeBytes(utf8("\"}]"));
    assertThatThrownBy(() -> reader.readBatch(b.toByteArray(), Format.JSON))
        .isInstanceOfSatisfying(
            InvalidItemsException.class,
            e ->
                assertThat(e.rejected())
                    .singleElement()
                    .satisfies(r -> assertThat(r.index()).isEqualTo(1))
                    .satisfies(
                        r ->
                            assertThat(r.errors())
                                .containsExactly(
                                    new FieldError(
                                        "category",
                                        "must be well-formed UTF-8: F0 80 80 AF at byte offset 54 is an overlong encoding"))));
    ByteArrayOutputStream one = new ByteArrayOutputStream();
    one.writeBytes(utf8("{\"attributes\": {\"k\": \"v"));
    one.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    one.writeBytes(utf8("\"}}"));
    assertThatThrownBy(() -> reader.readItem(one.toByteArray(), "i-1"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.errors())
                    .extracting(FieldError::field)
                    .containsExactly("attributes.k"));
  }
}
