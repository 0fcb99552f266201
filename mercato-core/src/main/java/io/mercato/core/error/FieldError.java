package io.mercato.core.error;

import java.util.Objects;

/**
 * One violated rule: the offending field (a JSON-pointer-like dotted path such as {@code user_id} or
 * {@code attributes.placement}) and a sentence saying what is wrong with it.
 */
public record FieldError(String field, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
