package io.mercato.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.error.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** One test per rule of ARCHITECTURE.md §5, each showing the field and the reason. */
class EventValidatorTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  final AtomicInteger ids = new AtomicInteger();
  final EventValidator validator =
      new EventValidator(
          EventLimits.defaults(),
          InstantSource.fixed(NOW),
          () -> "gen-" + ids.incrementAndGet(),
          new CustomTypeRegistry(2));

  static EventDraft valid() {
    EventDraft d = new EventDraft();
    d.eventId = "e-1";
    d.type = "click";
    d.userId = "u-42";
    d.timestampMillis = NOW.toEpochMilli();
    return d;
  }

  List<FieldError> errorsOf(EventDraft d) {
    Validated v = validator.validate(d);
    assertThat(v.isValid()).as("expected a rejection").isFalse();
    return v.errors();
  }

  @Test
  void validDraftBecomesEvent() {
    EventDraft d = valid();
    d.itemId = "p-7";
    d.value = 19.99;
    d.attributes.put("placement", "home");
    Event e = validator.validate(d).event();
    assertThat(e.eventId()).isEqualTo("e-1");
    assertThat(e.generatedId()).isFalse();
    assertThat(e.itemId()).isEqualTo("p-7");
    assertThat(e.value()).isEqualTo(19.99);
    assertThat(e.attributes()).containsEntry("placement", "home");
  }

  @Test
  void missingTypeIsRequired() {
    EventDraft d = valid();
    d.type = null;
    assertThat(errorsOf(d)).containsExactly(new FieldError("type", "is required"));
  }

  @Test
  void missingUserIsRequired() {
    EventDraft d = valid();
    d.userId = null;
    assertThat(errorsOf(d)).containsExactly(new FieldError("user_id", "is required"));
  }

  @Test
  void missingTimestampIsRequired() {
    EventDraft d = valid();
    d.timestampMillis = null;
    assertThat(errorsOf(d)).containsExactly(new FieldError("timestamp", "is required"));
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    EventDraft d = new EventDraft();
    assertThat(errorsOf(d))
        .extracting(FieldError::field)
        .containsExactly("type", "user_id", "timestamp");
  }

  @Test
  void missingEventIdIsGeneratedAndNotDeduplicable() {
    EventDraft d = valid();
    d.eventId = null;
    Event e = validator.validate(d).event();
    assertThat(e.eventId()).isEqualTo("gen-1");
    assertThat(e.generatedId()).isTrue();
  }

  @Test
  void idLongerThan128CodePointsIsRejected() {
    EventDraft d = valid();
    d.itemId = "x".repeat(129);
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("item_id");
              assertThat(err.message()).contains("at most 128").contains("129");
            });
  }

  @Test
  void unicodeIdsCountCodePointsNotUtf16Units() {
    EventDraft d = valid();
    d.userId = "😀".repeat(128); // 256 UTF-16 units, 128 code points
    assertThat(validator.validate(d).isValid()).isTrue();
    d = valid();
    d.userId = "用户-ü-🛒";
    assertThat(validator.validate(d).event().userId()).isEqualTo("用户-ü-🛒");
  }

  @Test
  void blankIdIsRejected() {
    EventDraft d = valid();
    d.campaignId = "  ";
    assertThat(errorsOf(d)).containsExactly(new FieldError("campaign_id", "must not be blank"));
  }

  @Test
  void controlCharacterInIdIsRejected() {
    EventDraft d = valid();
    d.adId = "ad\u0000-1";
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("ad_id");
              assertThat(err.message()).contains("control characters").contains("U+0000");
            });
  }

  @Test
  void typeWithUppercaseIsRejected() {
    EventDraft d = valid();
    d.type = "Click";
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("type");
              assertThat(err.message()).contains("lowercase").contains("'C'");
            });
  }

  @Test
  void customTypesAreAcceptedUpToTheLimit() {
    EventDraft a = valid();
    a.type = "wishlist";
    EventDraft b = valid();
    b.type = "share";
    EventDraft c = valid();
    c.type = "review";
    assertThat(validator.validate(a).isValid()).isTrue();
    assertThat(validator.validate(b).isValid()).isTrue();
    assertThat(errorsOf(c))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("type");
              assertThat(err.message())
                  .isEqualTo(
                      "\"review\" is a new custom type and all 2 places for undeclared custom "
                          + "types are taken (limits.max-custom-types); declare the types you rely on in limits.custom-types, which "
                          + "are always accepted, or raise limits.max-custom-types");
            });
    EventDraft again = valid();
    again.type = "wishlist";
    assertThat(validator.validate(again).isValid()).as("admitted types stay admitted").isTrue();
  }

  @Test
  void declaredCustomTypesAreAcceptedAfterOneClientUsedUpTheQuota() {
    EventLimits d = EventLimits.defaults();
    EventLimits limits =
        new EventLimits(
            d.maxIdLength(),
            d.maxTypeLength(),
            d.maxAttributes(),
            d.maxAttributeKeyLength(),
            d.maxAttributeValueLength(),
            d.maxFuture(),
            3,
            "wishlist, review,view");
    EventValidator v = EventValidator.of(limits, InstantSource.fixed(NOW));
    for (String junk : new String[] {"junk-1", "junk-2", "junk-3", "junk-4"}) {
      EventDraft e = valid();
      e.type = junk;
      v.validate(e);
    }
    EventDraft refused = valid();
    refused.type = "junk-5";
    assertThat(v.validate(refused).isValid())
        .as("the quota of 3 undeclared types is used up")
        .isFalse();
    for (String declared : new String[] {"wishlist", "review", "view"}) {
      EventDraft e = valid();
      e.type = declared;
      assertThat(v.validate(e).isValid()).as(declared).isTrue();
    }
    assertThat(limits.declaredCustomTypes()).containsExactly("wishlist", "review");
  }

  @Test
  void declaredCustomTypesMustBeValidTypes() {
    EventLimits d = EventLimits.defaults();
    Assertions.assertThatThrownBy(
            () ->
                new EventLimits(
                    d.maxIdLength(),
                    d.maxTypeLength(),
                    d.maxAttributes(),
                    d.maxAttributeKeyLength(),
                    d.maxAttributeValueLength(),
                    d.maxFuture(),
                    3,
                    "Wish List"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Wish List'");
  }

  @Test
  void nonFiniteValueIsRejected() {
    for (double bad :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      EventDraft d = valid();
      d.value = bad;
      assertThat(errorsOf(d)).singleElement().extracting(FieldError::field).isEqualTo("value");
    }
  }

  @Test
  void timestampMoreThanADayAheadIsRejected() {
    EventDraft d = valid();
    d.timestampMillis = NOW.plus(Duration.ofDays(1)).plusMillis(1).toEpochMilli();
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("timestamp");
              assertThat(err.message()).contains("ahead of the server clock");
            });
    d = valid();
    d.timestampMillis = NOW.plus(Duration.ofDays(1)).toEpochMilli();
    assertThat(validator.validate(d).isValid()).as("exactly the limit is allowed").isTrue();
  }

  @Test
  void negativeTimestampIsRejected() {
    EventDraft d = valid();
    d.timestampMillis = -1L;
    assertThat(errorsOf(d)).singleElement().extracting(FieldError::field).isEqualTo("timestamp");
  }

  @Test
  void tooManyAttributesAreRejected() {
    EventDraft d = valid();
    for (int i = 0; i < 33; i++) {
      d.attributes.put("k" + i, (long) i);
    }
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("attributes");
              assertThat(err.message()).contains("at most 32").contains("33");
            });
  }

  @Test
  void longAttributeValueIsRejected() {
    EventDraft d = valid();
    d.attributes.put("note", "x".repeat(257));
    assertThat(errorsOf(d))
        .singleElement()
        .extracting(FieldError::field)
        .isEqualTo("attributes.note");
  }

  @Test
  void longAttributeKeyIsRejected() {
    EventDraft d = valid();
    d.attributes.put("k".repeat(65), "v");
    assertThat(errorsOf(d))
        .singleElement()
        .satisfies(err -> assertThat(err.message()).contains("name must be at most 64"));
  }

  @Test
  void decodingErrorsAreKeptAlongsideRuleErrors() {
    EventDraft d = valid();
    d.error("value", "must be a JSON number, not a string");
    d.userId = null;
    assertThat(errorsOf(d)).extracting(FieldError::field).containsExactly("value", "user_id");
  }
}
