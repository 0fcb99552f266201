package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import io.mercato.core.text.IdRule;
import io.mercato.core.text.Unicode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Checks every rule of the event contract (ARCHITECTURE.md §5) on a draft and reports each violated
 * rule with the field and the reason. Thread-safe; holds no mutable state.
 *
 * <p>Rules: {@code type}, {@code user_id} and {@code timestamp} are required; every id ({@code event_id},
 * {@code user_id}, {@code item_id}, {@code ad_id}, {@code campaign_id}, {@code category}) follows the
 * {@link IdRule} with {@link EventLimits#maxIdLength()} code points (non-blank, no control
 * characters, no unpaired surrogates...);
 * {@code type} is lowercase letters, digits, {@code _ - .}; {@code value} is finite; the timestamp is
 * not negative and not more than {@link EventLimits#maxFuture()} ahead of the injected clock;
 * attributes are at most {@link EventLimits#maxAttributes()} flat string/number/boolean values with
 * bounded key and value lengths, names and string values without unpaired surrogates; at most {@link EventLimits#maxCustomTypes()} distinct custom types
 * are admitted. A missing {@code event_id} is generated (and marks the event as
 * not deduplicable).
 */
public final class EventValidator {
  private final EventLimits limits;
  private final IdRule ids;
  private final InstantSource clock;
  private final Supplier<String> idGenerator;
  private final CustomTypeRegistry customTypes;

  /**
   * @param idGenerator supplies ids for events that have none; must return unique strings
   * @param customTypes admits custom types up to {@link EventLimits#maxCustomTypes()}
   */
  public EventValidator(
      EventLimits limits,
      InstantSource clock,
      Supplier<String> idGenerator,
      CustomTypeRegistry customTypes) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.ids = new IdRule(limits.maxIdLength());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
    this.customTypes = Objects.requireNonNull(customTypes, "customTypes");
  }

  /** A validator with a fresh registry and random UUIDs for missing ids; for tests and tools. */
  public static EventValidator of(EventLimits limits, InstantSource clock) {
    return new EventValidator(
        limits,
        clock,
        () -> UUID.randomUUID().toString(),
        new CustomTypeRegistry(limits.maxCustomTypes(), limits.declaredCustomTypes()));
  }

  public EventLimits limits() {
    return limits;
  }

  /** Validates {@code d}; the draft must not be used afterwards. */
  public Validated validate(EventDraft d) {
    List<FieldError> errors = d.errors.isEmpty() ? null : new ArrayList<>(d.errors);
    errors = checkId("event_id", d.eventId, false, errors);
    errors = checkType(d.type, errors);
    errors = checkId("user_id", d.userId, true, errors);
    errors = checkId("item_id", d.itemId, false, errors);
    errors = checkId("ad_id", d.adId, false, errors);
    errors = checkId("campaign_id", d.campaignId, false, errors);
    errors = checkId("category", d.category, false, errors);
    if (d.value != null && !Double.isFinite(d.value)) {
      errors = add(errors, "value", "must be a finite number but was " + d.value);
    }
    errors = checkTimestamp(d, errors);
    errors = checkAttributes(d.attributes, errors);
    if (errors == null && !customTypes.admit(d.type)) {
      errors =
          add(
              errors,
              "type",
              "\""
                  + d.type
                  + "\" is a new custom type and all "
                  + customTypes.max()
                  + " places for undeclared custom types are taken (limits.max-custom-types); declare the types you rely on "
                  + "in limits.custom-types, which are always accepted, or raise limits.max-custom-types");
    }
    if (d.omittedErrors > 0) {
      errors =
          add(
              errors,
              "event",
              d.omittedErrors
                  + " more errors are not listed (at most "
                  + EventDraft.MAX_ERRORS
                  + " decoding errors are kept per event)");
    }
    if (errors != null) {
      return new Validated(null, errors);
    }
    boolean generated = d.eventId == null;
    String id = generated ? idGenerator.get() : d.eventId;
    Map<String, Object> attrs =
        d.attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(d.attributes));
    return new Validated(
        new Event(
            id,
            generated,
            EventTypes.canonical(d.type),
            d.userId,
            d.itemId,
            d.adId,
            d.campaignId,
            d.category,
            d.value,
            d.timestampMillis,
            attrs),
        null);
  }

  private List<FieldError> checkType(String type, List<FieldError> errors) {
    if (type == null) {
      return reported(errors, "type") ? errors : add(errors, "type", "is required");
    }
    if (type.isEmpty()) {
      return add(errors, "type", "must not be empty");
    }
    if (type.length() > limits.maxTypeLength()) {
      return add(
          errors,
          "type",
          "must be at most " + limits.maxTypeLength() + " characters but has " + type.length());
    }
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
      if (!ok) {
        return add(
            errors,
            "type",
            "must contain only lowercase letters, digits, '_', '-' or '.' but has '"
                + printable(c)
                + "' at position "
                + i);
      }
    }
    return errors;
  }

  private List<FieldError> checkId(
      String field, String id, boolean required, List<FieldError> errors) {
    if (id == null) {
      return required && !reported(errors, field) ? add(errors, field, "is required") : errors;
    }
    String violation = ids.violation(id);
    return violation == null ? errors : add(errors, field, violation);
  }

  private List<FieldError> checkTimestamp(EventDraft d, List<FieldError> errors) {
    if (d.timestampMillis == null) {
      return reported(errors, "timestamp") ? errors : add(errors, "timestamp", "is required");
    }
    long ts = d.timestampMillis;
    if (ts < 0) {
      return add(errors, "timestamp", "must not be before 1970-01-01T00:00:00Z");
    }
    long limit = clock.millis() + limits.maxFuture().toMillis();
    if (ts > limit) {
      return add(
          errors,
          "timestamp",
          "is "
              + Instant.ofEpochMilli(ts)
              + ", more than "
              + limits.maxFuture()
              + " ahead of the server clock");
    }
    return errors;
  }

  private List<FieldError> checkAttributes(Map<String, Object> attrs, List<FieldError> errors) {
    if (attrs.size() > limits.maxAttributes()) {
      errors =
          add(
              errors,
              "attributes",
              "must have at most " + limits.maxAttributes() + " entries but has " + attrs.size());
    }
    for (Map.Entry<String, Object> e : attrs.entrySet()) {
      String key = e.getKey();
      String field = "attributes." + key;
      int keyLength = Unicode.codePointsIfWellFormed(key); // one pass: length and surrogates
      if (key.isEmpty()) {
        errors = add(errors, "attributes", "attribute names must not be empty");
      } else if (keyLength < 0) {
        errors = add(errors, "attributes", "an attribute name " + Unicode.textViolation(key));
        continue; // the name cannot be shown as a field
      } else if (keyLength > limits.maxAttributeKeyLength()) {
        errors =
            add(
                errors,
                field,
                "name must be at most " + limits.maxAttributeKeyLength() + " characters");
      }
      Object v = e.getValue();
      if (v instanceof String s) {
        int length = Unicode.codePointsIfWellFormed(s);
        if (length < 0) {
          errors = add(errors, field, Unicode.textViolation(s));
        } else if (length > limits.maxAttributeValueLength()) {
          errors =
              add(
                  errors,
                  field,
                  "must be at most "
                      + limits.maxAttributeValueLength()
                      + " characters but has "
                      + length);
        }
      } else if (v instanceof Double dv) {
        if (!Double.isFinite(dv)) {
          errors = add(errors, field, "must be a finite number but was " + dv);
        }
      } else if (!(v instanceof Long) && !(v instanceof Boolean)) {
        errors = add(errors, field, "must be a string, number or boolean");
      }
    }
    return errors;
  }

  /** True when decoding already said what is wrong with {@code field}; "is required" would be noise. */
  private static boolean reported(List<FieldError> errors, String field) {
    if (errors == null) {
      return false;
    }
    for (FieldError e : errors) {
      if (e.field().equals(field)) {
        return true;
      }
    }
    return false;
  }

  private static List<FieldError> add(List<FieldError> errors, String field, String message) {
    List<FieldError> list = errors == null ? new ArrayList<>(2) : errors;
    list.add(new FieldError(field, message));
    return list;
  }

  private static String printable(char c) {
    return Character.isISOControl(c) || Character.isSurrogate(c)
        ? String.format("U+%04X", (int) c)
        : String.valueOf(c);
  }
}
