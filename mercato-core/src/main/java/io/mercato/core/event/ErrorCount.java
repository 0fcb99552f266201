package io.mercato.core.event;

import java.util.Objects;

/**
 * How many rejected records broke one rule: a line of a rejection summary.
 *
 * @param field   the offending field, as in {@link io.mercato.core.error.FieldError#field()}, or {@code *} for
 *                the group of every error not listed on its own
 * @param message what is wrong with it
 * @param count   rejected records with this error (a record counts once per distinct error), at least 1
 */
public record ErrorCount(String field, String message, long count) {
  public ErrorCount {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive but was " + count);
    }
  }
}
