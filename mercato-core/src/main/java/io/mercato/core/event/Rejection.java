package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.List;
import java.util.Objects;

/**
 * An event of a batch that was not accepted.
 *
 * @param index  0-based position in the batch (array element, or non-blank NDJSON line)
 * @param errors every rule it broke, each naming the field
 * @param raw    the event's source text as received (possibly abbreviated), for the dead-letter store
 * @param reason why it was not recorded; never null
 */
public record Rejection(int index, List<FieldError> errors, String raw, RejectReason reason) {
  public Rejection {
    errors = List.copyOf(errors);
    Objects.requireNonNull(reason, "reason");
  }

  /** An event rejected as {@link RejectReason#INVALID}. */
  public Rejection(int index, List<FieldError> errors, String raw) {
    this(index, errors, raw, RejectReason.INVALID);
  }

  /** The same rejection at another index (e.g. renumbered from a chunk to the whole file). */
  public Rejection at(int newIndex) {
    return new Rejection(newIndex, errors, raw, reason);
  }
}
