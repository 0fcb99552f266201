package io.mercato.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventJsonReader.Format;
import io.mercato.core.event.EventLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class CatalogJsonReaderTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final CatalogJsonReader reader =
      new CatalogJsonReader(EventLimits.defaults(), InstantSource.fixed(NOW));

  List<CatalogItem> json(String body) {
    return reader.readBatch(body.getBytes(StandardCharsets.UTF_8), Format.JSON);
  }

  List<CatalogItem> ndjson(String body) {
    return reader.readBatch(body.getBytes(StandardCharsets.UTF_8), Format.NDJSON);
  }

  CatalogItem one(String body, String id) {
    return reader.readItem(body.getBytes(StandardCharsets.UTF_8), id);
  }

  /** The errors of a single item, read as a one-item batch. */
  List<FieldError> errorsOf(String item) {
    InvalidItemsException e =
        Assertions.assertThrows(InvalidItemsException.class, () -> json(item));
    assertThat(e.rejected()).hasSize(1);
    return e.rejected().get(0).errors();
  }

  List<String> fieldsOf(String item) {
    return errorsOf(item).stream().map(FieldError::field).toList();
  }

  @Test
  void readsEveryField() {
    CatalogItem item =
        json("""
        {"item_id": "p-7", "category": "shoes", "price": 59.9, "available": false,
         "attributes": {"brand": "acme", "size": 42, "eco": true, "weight": 0.5}}
        """)
            .get(0);
    assertThat(item)
        .isEqualTo(
            new CatalogItem(
                "p-7",
                "shoes",
                59.9,
                false,
                Map.of("brand", "acme", "size", 42L, "eco", true, "weight", 0.5),
                NOW.toEpochMilli()));
  }

  @Test
  void onlyItemIdIsRequiredAndAvailableDefaultsToTrue() {
    assertThat(json("{\"item_id\":\"p-1\"}"))
        .containsExactly(CatalogItem.of("p-1", NOW.toEpochMilli()));
  }

  @Test
  void nullMeansAbsent() {
    assertThat(
            json(
                "{\"item_id\":\"p-1\",\"category\":null,\"price\":null,\"available\":null,\"attributes\":null}"))
        .containsExactly(CatalogItem.of("p-1", NOW.toEpochMilli()));
    assertThat(
            json("{\"item_id\":\"p-1\",\"attributes\":{\"a\":null,\"b\":1}}").get(0).attributes())
        .isEqualTo(Map.of("b", 1L));
  }

  @Test
  void itemIdIsRequiredNonBlankBoundedAndFreeOfControlCharacters() {
    assertThat(errorsOf("{\"category\":\"x\"}"))
        .containsExactly(new FieldError("item_id", "is required"));
    assertThat(errorsOf("{\"item_id\":\" \"}"))
        .containsExactly(new FieldError("item_id", "must not be blank"));
    assertThat(errorsOf("{\"item_id\":\"" + "x".repeat(129) + "\"}").get(0).message())
        .contains("at most 128");
    assertThat(json("{\"item_id\":\"" + "x".repeat(128) + "\"}")).hasSize(1);
    assertThat(errorsOf("{\"item_id\":\"a\\u0007b\"}").get(0).message())
        .contains("control characters");
    assertThat(errorsOf("{\"item_id\":7}"))
        .containsExactly(
            new FieldError("item_id", "must be a string but was a number (quote it: \"7\")"));
  }

  @Test
  void categoryFollowsTheIdRules() {
    assertThat(fieldsOf("{\"item_id\":\"p\",\"category\":\"\"}")).containsExactly("category");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"category\":\"" + "c".repeat(129) + "\"}"))
        .containsExactly("category");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"category\":[\"a\"]}")).containsExactly("category");
  }

  @Test
  void priceIsAFiniteNonNegativeJsonNumber() {
    assertThat(errorsOf("{\"item_id\":\"p\",\"price\":-1}"))
        .containsExactly(new FieldError("price", "must not be negative but was -1.0"));
    assertThat(errorsOf("{\"item_id\":\"p\",\"price\":\"19.99\"}").get(0).message())
        .contains("not a string");
    assertThat(errorsOf("{\"item_id\":\"p\",\"price\":NaN}").get(0).message()).contains("finite");
    assertThat(errorsOf("{\"item_id\":\"p\",\"price\":1e999}").get(0).message()).contains("finite");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"price\":true}")).containsExactly("price");
    assertThat(json("{\"item_id\":\"p\",\"price\":0}").get(0).price()).isZero();
    assertThat(json("{\"item_id\":\"p\",\"price\":12}").get(0).price()).isEqualTo(12.0);
  }

  @Test
  void availableIsABoolean() {
    assertThat(errorsOf("{\"item_id\":\"p\",\"available\":\"false\"}").get(0))
        .isEqualTo(
            new FieldError(
                "available",
                "must be a boolean but was a string (\"false\"; send true or false unquoted)"));
    assertThat(fieldsOf("{\"item_id\":\"p\",\"available\":0}")).containsExactly("available");
    assertThat(json("{\"item_id\":\"p\",\"available\":true}").get(0).available()).isTrue();
  }

  @Test
  void attributesAreFlatAndBounded() {
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"a\":{\"b\":1}}}"))
        .containsExactly("attributes.a");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"a\":[1]}}"))
        .containsExactly("attributes.a");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":[]}")).containsExactly("attributes");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"a\":1,\"a\":2}}"))
        .containsExactly("attributes.a");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"\":1}}"))
        .containsExactly("attributes");
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"" + "k".repeat(65) + "\":1}}"))
        .hasSize(1)
        .allSatisfy(f -> assertThat(f).startsWith("attributes.k"));
    assertThat(
            errorsOf("{\"item_id\":\"p\",\"attributes\":{\"s\":\"" + "v".repeat(257) + "\"}}")
                .get(0))
        .isEqualTo(new FieldError("attributes.s", "must be at most 256 characters but has 257"));
    assertThat(fieldsOf("{\"item_id\":\"p\",\"attributes\":{\"d\":Infinity}}"))
        .containsExactly("attributes.d");
    StringBuilder many = new StringBuilder("{\"item_id\":\"p\",\"attributes\":{");
    for (int i = 0; i < 33; i++) {
      many.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":").append(i);
    }
    assertThat(errorsOf(many.append("}}").toString()).get(0))
        .isEqualTo(new FieldError("attributes", "must have at most 32 entries but has 33"));
  }

  @Test
  void unknownRepeatedAndServerSetFieldsAreRejected() {
    assertThat(errorsOf("{\"item_id\":\"p\",\"availabel\":false}").get(0).message())
        .startsWith(
            "is not a known field; expected one of item_id, category, price, available, attributes");
    assertThat(errorsOf("{\"item_id\":\"p\",\"price\":1,\"price\":2}"))
        .containsExactly(new FieldError("price", "appears more than once"));
    assertThat(
            errorsOf(
                "{\"item_id\":\"p\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"source\":\"catalog\"}"))
        .containsExactly(
            new FieldError("updated_at", "is set by the server; leave it out"),
            new FieldError("source", "is set by the server; leave it out"));
  }

  @Test
  void everyBrokenRuleOfAnItemIsReported() {
    assertThat(
            fieldsOf(
                "{\"category\":\"\",\"price\":-2,\"available\":1,\"attributes\":{\"x\":{}},\"extra\":1}"))
        .containsExactlyInAnyOrder(
            "item_id", "category", "price", "available", "attributes.x", "extra");
  }

  @Test
  void arrayAndNdjsonKeepBatchOrder() {
    assertThat(json("[{\"item_id\":\"b\"},{\"item_id\":\"a\"}]"))
        .extracting(CatalogItem::itemId)
        .containsExactly("b", "a");
    assertThat(json("[]")).isEmpty();
    assertThat(ndjson("{\"item_id\":\"b\"}\n\n  \n{\"item_id\":\"a\"}\r\n"))
        .extracting(CatalogItem::itemId)
        .containsExactly("b", "a");
  }

  @Test
  void anInvalidItemFailsTheWholeBatchListingEachBadIndex() {
    InvalidItemsException e =
        Assertions.assertThrows(
            InvalidItemsException.class,
            () -> json("[{\"item_id\":\"ok\"},{\"item_id\":\"p\",\"price\":-1},42,{\"price\":1}]"));
    assertThat(e.total()).isEqualTo(4);
    assertThat(e.rejected()).extracting(ItemRejection::index).containsExactly(1, 2, 3);
    assertThat(e.rejected().get(1).errors())
        .containsExactly(new FieldError("item", "must be a JSON object; got a number"));
    assertThat(e.errors())
        .extracting(FieldError::field)
        .containsExactly("[1].price", "[2]", "[3].item_id");
    assertThat(e.getMessage())
        .startsWith(
            "3 of 4 items are invalid; nothing was stored. [1].price: must not be negative");
  }

  @Test
  void malformedNdjsonLineIsOneInvalidItem() {
    InvalidItemsException e =
        Assertions.assertThrows(
            InvalidItemsException.class,
            () ->
                ndjson(
                    "{\"item_id\":\"a\"}\n{\"item_id\": }\n{\"item_id\":\"c\"} {\"item_id\":\"d\"}\n{\"item_id\":\"e\"}"));
    assertThat(e.total()).isEqualTo(4);
    assertThat(e.rejected()).extracting(ItemRejection::index).containsExactly(1, 2);
    assertThat(e.rejected().get(0).errors().get(0).field()).isEqualTo("item");
    assertThat(e.rejected().get(0).errors().get(0).message())
        .startsWith("line 2: malformed JSON at column");
    assertThat(e.rejected().get(1).errors().get(0).message())
        .startsWith("line 3: unexpected content");
  }

  @Test
  void framingErrorsFailTheRequest() {
    assertThatThrownBy(() -> json("[{\"item_id\":\"a\"},\n{\"item_id\": }]"))
        .isInstanceOfSatisfying(
            MalformedInputException.class, m -> assertThat(m.line()).isEqualTo(2));
    assertThatThrownBy(() -> json("[{\"item_id\":\"a\"}"))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> json("{\"item_id\":\"a\"} {\"item_id\":\"b\"}"))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("NDJSON");
    assertThatThrownBy(() -> json(" \n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v -> assertThat(v.errors().get(0).field()).isEqualTo("body"));
    assertThatThrownBy(() -> json("\"p-1\""))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v -> assertThat(v.errors().get(0).field()).isEqualTo("body"));
    assertThatThrownBy(() -> json("[" + "[".repeat(40) + "]".repeat(40) + "]"))
        .isInstanceOf(MalformedInputException.class);
  }

  @Test
  void singleItemTakesTheRequestIdWhenItHasNone() {
    assertThat(one("{\"price\": 5}", "p-9"))
        .isEqualTo(new CatalogItem("p-9", null, 5.0, true, Map.of(), NOW.toEpochMilli()));
    assertThat(one("{\"item_id\": \"p-9\"}", "p-9").itemId()).isEqualTo("p-9");
  }

  @Test
  void singleItemWithAnotherIdIsRefusedOnItemId() {
    assertThatThrownBy(() -> one("{\"item_id\": \"p-8\", \"price\": -1}", "p-9"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v ->
                assertThat(v.errors())
                    .extracting(FieldError::field)
                    .containsExactly("item_id", "price"));
    assertThatThrownBy(() -> one("{\"item_id\": \"p-8\"}", "p-9"))
        .hasMessageContaining("must match the item id of the request (\"p-9\")");
  }

  @Test
  void singleItemRequestIdIsValidatedToo() {
    assertThatThrownBy(() -> one("{}", "x".repeat(200)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v -> assertThat(v.errors()).extracting(FieldError::field).containsExactly("item_id"));
  }

  @Test
  void singleItemBodyMustBeOneObject() {
    assertThatThrownBy(() -> one("[{\"item_id\":\"p\"}]", "p"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v ->
                assertThat(v.errors())
                    .containsExactly(
                        new FieldError(
                            "body", "must be a JSON object (one item) but was an array")));
    assertThatThrownBy(() -> one("", "p")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> one("{\"item_id\":\"p\"} 1", "p"))
        .isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> one("{\"item_id\":", "p")).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void itemsAreStampedWithTheClock() {
    CatalogJsonReader later =
        new CatalogJsonReader(EventLimits.defaults(), InstantSource.fixed(NOW.plusSeconds(60)));
    assertThat(later.readItem("{}".getBytes(StandardCharsets.UTF_8), "p").updatedMillis())
        .isEqualTo(NOW.toEpochMilli() + 60_000);
  }

  @Test
  void limitsComeFromTheConfiguration() {
    EventLimits tight = new EventLimits(4, 64, 1, 64, 256, Duration.ofDays(1), 100);
    CatalogJsonReader r = new CatalogJsonReader(tight, InstantSource.fixed(NOW));
    assertThatThrownBy(
            () ->
                r.readItem(
                    "{\"attributes\":{\"a\":1,\"b\":2}}".getBytes(StandardCharsets.UTF_8), "p-123"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            v ->
                assertThat(v.errors())
                    .extracting(FieldError::field)
                    .containsExactly("item_id", "attributes"));
  }
}
