package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.List;

/**
 * An event of a batch that was not accepted.
 *
 * @param index  0-based position in the batch (array element, or non-blank NDJSON line)
 * @param errors every rule it broke, each naming the field
 * @param raw    the event's source text as received (possibly abbreviated), for the dead-letter store
 */
public record Rejection(int index, List<FieldError> errors, String raw) {
  public Rejection {
    errors = List.copyOf(errors);
  }
}
