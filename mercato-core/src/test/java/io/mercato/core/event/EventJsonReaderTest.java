package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.MalformedInputException;
import io.mercato.core.error.ValidationException;
import io.mercato.core.event.EventJsonReader.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonReaderTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final EventJsonReader reader =
      new EventJsonReader(EventValidator.of(EventLimits.defaults(), InstantSource.fixed(NOW)));

  ReadResult json(String body) {
    return reader.read(body.getBytes(StandardCharsets.UTF_8), Format.JSON);
  }

  ReadResult ndjson(String body) {
    return reader.read(body.getBytes(StandardCharsets.UTF_8), Format.NDJSON);
  }

  static String ev(String id) {
    return "{\"event_id\":\""
        + id
        + "\",\"type\":\"click\",\"user_id\":\"u-1\",\"timestamp\":\"2026-11-24T11:00:00Z\"}";
  }

  @Test
  void readsTheArchitectureExample() {
    ReadResult r =
        json(
            """
        {"event_id": "e-1001", "type": "click", "user_id": "u-42", "item_id": "p-7",
         "ad_id": "ad-3", "campaign_id": "spring-sale", "category": "sports",
         "value": 19.99, "timestamp": "2026-11-24T12:00:00Z", "attributes": {"placement": "home", "slot": 2, "promo": true, "w": 0.5}}
        """);
    assertThat(r.rejected()).isEmpty();
    Event e = r.events().get(0);
    assertThat(e)
        .isEqualTo(
            new Event(
                "e-1001",
                false,
                "click",
                "u-42",
                "p-7",
                "ad-3",
                "spring-sale",
                "sports",
                19.99,
                NOW.toEpochMilli(),
                Map.of("placement", "home", "slot", 2L, "promo", true, "w", 0.5)));
  }

  @Test
  void epochMillisTimestampIsAccepted() {
    assertThat(
            json("{\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":1764000000000}")
                .events()
                .get(0)
                .timestampMillis())
        .isEqualTo(1_764_000_000_000L);
  }

  /** Regression: the raw text of a rejected NDJSON line after the first was the body's first bytes. */
  @Test
  void rejectedNdjsonLineKeepsItsOwnText() {
    String bad = "{\"type\":\"click\",\"event_id\":\"bad-3\"}";
    byte[] body =
        (ev("a") + "\n" + ev("b") + "\n" + bad + "\n[1]\n").getBytes(StandardCharsets.UTF_8);
    ReadResult r = reader.read(body, EventJsonReader.Format.NDJSON);
    assertThat(r.rejected()).extracting(Rejection::raw).containsExactly(bad, "[1]");
  }

  @Test
  void mixedArrayAcceptsTheValidOnesAndIndexesTheRest() {
    ReadResult r = json("[" + ev("a") + ",{\"type\":\"click\"}," + ev("b") + ",42]");
    assertThat(r.total()).isEqualTo(4);
    assertThat(r.events()).extracting(Event::eventId).containsExactly("a", "b");
    assertThat(r.rejected()).extracting(Rejection::index).containsExactly(1, 3);
    assertThat(r.rejected().get(0).errors())
        .extracting(FieldError::field)
        .containsExactly("user_id", "timestamp");
    assertThat(r.rejected().get(0).raw()).isEqualTo("{\"type\":\"click\"}");
    assertThat(r.rejected().get(1).errors().get(0).message()).contains("must be a JSON object");
  }

  @Test
  void ndjsonRejectsOnlyTheMalformedLine() {
    ReadResult r = ndjson(ev("a") + "\n{\"type\": oops}\n\n" + ev("b") + "\n");
    assertThat(r.events()).extracting(Event::eventId).containsExactly("a", "b");
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej -> {
              assertThat(rej.index()).isEqualTo(1);
              assertThat(rej.errors().get(0).message())
                  .startsWith("line 2: malformed JSON at column");
            });
  }

  @Test
  void ndjsonLineWithTwoObjectsIsRejected() {
    ReadResult r = ndjson(ev("a") + " " + ev("b"));
    assertThat(r.events()).isEmpty();
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej ->
                assertThat(rej.errors().get(0).message())
                    .contains("unexpected content after the JSON object"));
  }

  @Test
  void malformedJsonGivesThePosition() {
    assertThatThrownBy(() -> json("[" + ev("a") + ",\n{\"type\": }]"))
        .isInstanceOfSatisfying(
            MalformedInputException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isGreaterThan(1);
              assertThat(e.offset()).isGreaterThan(0);
            });
  }

  @Test
  void truncatedArrayIsMalformed() {
    assertThatThrownBy(() -> json("[" + ev("a"))).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void concatenatedObjectsWithJsonContentTypeHintAtNdjson() {
    assertThatThrownBy(() -> json(ev("a") + "\n" + ev("b")))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("application/x-ndjson");
  }

  @Test
  void emptyBodyIsRejected() {
    assertThatThrownBy(() -> json("  \n"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
    assertThatThrownBy(() -> ndjson("")).isInstanceOf(ValidationException.class);
  }

  @Test
  void scalarRootIsRejected() {
    assertThatThrownBy(() -> json("\"hello\""))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("got a string"));
  }

  @Test
  void emptyArrayIsAnEmptyBatch() {
    ReadResult r = json("[]");
    assertThat(r.total()).isZero();
  }

  @Test
  void nanAndInfinityAreRejectedPerEvent() {
    ReadResult r =
        json(
            "[{\"type\":\"purchase\",\"user_id\":\"u\",\"timestamp\":1,\"value\":NaN},"
                + "{\"type\":\"purchase\",\"user_id\":\"u\",\"timestamp\":1,\"value\":-Infinity},"
                + "{\"type\":\"purchase\",\"user_id\":\"u\",\"timestamp\":1,\"value\":1e400}]");
    assertThat(r.events()).isEmpty();
    assertThat(r.rejected())
        .allSatisfy(
            rej ->
                assertThat(rej.errors())
                    .singleElement()
                    .satisfies(
                        err -> {
                          assertThat(err.field()).isEqualTo("value");
                          assertThat(err.message()).contains("finite");
                        }));
  }

  @Test
  void numbersAsStringsAreRejectedWithTheReason() {
    ReadResult r =
        json(
            "{\"type\":\"purchase\",\"user_id\":\"u\",\"timestamp\":\"1764000000000\",\"value\":\"19.99\"}");
    assertThat(r.rejected().get(0).errors())
        .extracting(FieldError::field)
        .containsExactly("timestamp", "value");
    assertThat(r.rejected().get(0).errors().get(1).message()).contains("not a string");
  }

  @Test
  void numericIdIsRejectedWithAQuotingHint() {
    ReadResult r = json("{\"type\":\"view\",\"user_id\":42,\"timestamp\":1}");
    assertThat(r.rejected().get(0).errors())
        .containsExactly(
            new FieldError("user_id", "must be a string but was a number (quote it: \"42\")"));
  }

  @Test
  void nestedAttributeIsRejectedButTheBatchGoesOn() {
    ReadResult r =
        json(
            "[{\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":1,\"attributes\":{\"a\":{\"b\":[1,2]}}},"
                + ev("ok")
                + "]");
    assertThat(r.events()).extracting(Event::eventId).containsExactly("ok");
    assertThat(r.rejected().get(0).errors())
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("attributes.a");
  }

  @Test
  void deepNestingIsRefusedAsMalformed() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThatThrownBy(() -> json(deep))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void unknownAndRepeatedFieldsAreRejected() {
    ReadResult r =
        json(
            "{\"type\":\"view\",\"userId\":\"u\",\"user_id\":\"u\",\"user_id\":\"v\",\"timestamp\":1}");
    assertThat(r.rejected().get(0).errors())
        .extracting(FieldError::field)
        .containsExactly("userId", "user_id");
    assertThat(r.rejected().get(0).errors().get(0).message())
        .contains("expected one of event_id, type");
  }

  @Test
  void fractionalEpochIsRejected() {
    ReadResult r = json("{\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":1.5}");
    assertThat(r.rejected().get(0).errors().get(0).message()).contains("must be an integer");
  }

  @Test
  void nullOptionalFieldsAreAbsent() {
    Event e =
        json("{\"type\":\"view\",\"user_id\":\"u\",\"timestamp\":1,\"item_id\":null,\"value\":null,\"attributes\":{\"x\":null}}")
            .events()
            .get(0);
    assertThat(e.itemId()).isNull();
    assertThat(e.value()).isNull();
    assertThat(e.attributes()).isEmpty();
  }

  @Test
  void unicodeIdsSurviveDecoding() {
    Event e =
        json("{\"type\":\"view\",\"user_id\":\"用户-ü-🛒\",\"item_id\":\"\\u00e9t\\u00e9\",\"timestamp\":1}")
            .events()
            .get(0);
    assertThat(e.userId()).isEqualTo("用户-ü-🛒");
    assertThat(e.itemId()).isEqualTo("été");
  }
}
