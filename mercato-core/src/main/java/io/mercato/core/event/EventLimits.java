package io.mercato.core.event;

import java.time.Duration;
import java.util.Objects;

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
 * @param maxCustomTypes         how many distinct custom (non-{@link EventTypes#KNOWN}) types the engine
 *                               accepts before rejecting new ones, so memory stays bounded (default 100)
 */
public record EventLimits(
    int maxIdLength,
    int maxTypeLength,
    int maxAttributes,
    int maxAttributeKeyLength,
    int maxAttributeValueLength,
    Duration maxFuture,
    int maxCustomTypes) {

  public EventLimits {
    positive("max-id-length", maxIdLength);
    positive("max-type-length", maxTypeLength);
    if (maxAttributes < 0) {
      throw new IllegalArgumentException("max-attributes must not be negative but was " + maxAttributes);
    }
    positive("max-attribute-key-length", maxAttributeKeyLength);
    positive("max-attribute-value-length", maxAttributeValueLength);
    Objects.requireNonNull(maxFuture, "max-future");
    if (maxFuture.isNegative()) {
      throw new IllegalArgumentException("max-future must not be negative but was " + maxFuture);
    }
    if (maxCustomTypes < 0) {
      throw new IllegalArgumentException("max-custom-types must not be negative but was " + maxCustomTypes);
    }
  }

  /** The documented defaults. */
  public static EventLimits defaults() {
    return new EventLimits(128, 64, 32, 64, 256, Duration.ofDays(1), 100);
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive but was " + v);
    }
  }
}
