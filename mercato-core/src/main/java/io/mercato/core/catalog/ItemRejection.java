package io.mercato.core.catalog;

import io.mercato.core.error.FieldError;
import java.util.List;

/**
 * An item of a batch that broke the catalog's rules.
 *
 * @param index  0-based position in the batch (array element, or non-blank NDJSON line)
 * @param errors every rule it broke; fields are relative to the item ({@code price},
 *               {@code attributes.color}), or {@code item} for the element as a whole
 */
public record ItemRejection(int index, List<FieldError> errors) {
  public ItemRejection {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative but was " + index);
    }
    errors = List.copyOf(errors);
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a rejection needs at least one error");
    }
  }
}
