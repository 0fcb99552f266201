package io.mercato.core.catalog;

import io.mercato.core.error.FieldError;
import io.mercato.core.event.EventDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog item as decoded, before validation: the fields that could be read and the decoding errors
 * (wrong JSON type, unknown field...). {@link ItemRules} then checks every rule. Not thread-safe.
 */
final class ItemDraft {
  String itemId;
  String category;
  Double price;

  /** Null when absent: then the item is available. */
  Boolean available;

  /** String, Long, Double or Boolean values, in the order given. */
  final Map<String, Object> attributes = new LinkedHashMap<>();

  final List<FieldError> errors = new ArrayList<>(0);

  /** Errors beyond {@link io.mercato.core.event.EventDraft#MAX_ERRORS}, counted but not kept. */
  int omittedErrors;

  void error(String field, String message) {
    if (errors.size() < EventDraft.MAX_ERRORS) {
      errors.add(new FieldError(field, message));
    } else {
      omittedErrors++;
    }
  }

  /** True when decoding already said what is wrong with {@code field}; "is required" would be noise. */
  boolean reported(String field) {
    for (FieldError e : errors) {
      if (e.field().equals(field)) {
        return true;
      }
    }
    return false;
  }
}
