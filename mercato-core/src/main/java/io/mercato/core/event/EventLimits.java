package io.mercato.core.event;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Limits applied when validating events. All are inclusive maxima.
 *
 * @param maxIdLength            maximum length of any id, in Unicode code points (default 128)
 * @param maxTypeLength          maximum length of {@code type} (default 64)
 * @param maxAttributes          maximum number of attributes per event (default 32)
 * @param maxAttributeKeyLength  maximum attribute name length in code points (default 64)
 * @param maxAttributeValueLength maximum attribute string value length in code points (default 256)
 * @param maxFuture              how far in the future a timestamp may be, against the server clock
 *                               (default 1 day; clocks drift and time zones get mixed up)
 * @param maxCustomTypes         how many distinct undeclared custom (non-{@link EventTypes#KNOWN}) types the
 *                               engine accepts before rejecting new ones, so memory stays bounded (default 100)
 * @param customTypes            declared custom types, comma-separated (default none): always accepted and not
 *                               counted against {@code maxCustomTypes}, so no client can use up the room the
 *                               types a business relies on need
 */
public record EventLimits(
    int maxIdLength,
    int maxTypeLength,
    int maxAttributes,
    int maxAttributeKeyLength,
    int maxAttributeValueLength,
    Duration maxFuture,
    int maxCustomTypes,
    String customTypes) {

  /** Limits without declared custom types. */
  public EventLimits(
      int maxIdLength,
      int maxTypeLength,
      int maxAttributes,
      int maxAttributeKeyLength,
      int maxAttributeValueLength,
      Duration maxFuture,
      int maxCustomTypes) {
    this(
        maxIdLength,
        maxTypeLength,
        maxAttributes,
        maxAttributeKeyLength,
        maxAttributeValueLength,
        maxFuture,
        maxCustomTypes,
        "");
  }

  public EventLimits {
    Objects.requireNonNull(customTypes, "custom-types");
    declared(customTypes, maxTypeLength);
    positive("max-id-length", maxIdLength);
    positive("max-type-length", maxTypeLength);
    if (maxAttributes < 0) {
      throw new IllegalArgumentException(
          "max-attributes must not be negative but was " + maxAttributes);
    }
    positive("max-attribute-key-length", maxAttributeKeyLength);
    positive("max-attribute-value-length", maxAttributeValueLength);
    Objects.requireNonNull(maxFuture, "max-future");
    if (maxFuture.isNegative()) {
      throw new IllegalArgumentException("max-future must not be negative but was " + maxFuture);
    }
    if (maxCustomTypes < 0) {
      throw new IllegalArgumentException(
          "max-custom-types must not be negative but was " + maxCustomTypes);
    }
  }

  /** The documented defaults. */
  public static EventLimits defaults() {
    return new EventLimits(128, 64, 32, 64, 256, Duration.ofDays(1), 100, "");
  }

  /** The declared custom types ({@link #customTypes()}), without the standard ones. */
  public Set<String> declaredCustomTypes() {
    return declared(customTypes, maxTypeLength);
  }

  private static Set<String> declared(String list, int maxTypeLength) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : list.split(",")) {
      String type = t.trim();
      if (type.isEmpty()) {
        continue;
      }
      if (type.length() > maxTypeLength || !type.matches("[a-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "custom-types must be comma-separated event types of lowercase letters, "
                + "digits, '_', '-' or '.', at most "
                + maxTypeLength
                + " characters each; got '"
                + type
                + "'");
      }
      if (!EventTypes.isKnown(type)) {
        out.add(type);
      }
    }
    return Collections.unmodifiableSet(out);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + v);
    }
  }
}
