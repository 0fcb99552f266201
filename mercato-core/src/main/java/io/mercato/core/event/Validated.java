package io.mercato.core.event;

import io.mercato.core.error.FieldError;
import java.util.List;

/**
 * The outcome of validating one draft: exactly one of {@code event} (valid) or a non-empty
 * {@code errors} list.
 */
public record Validated(Event event, List<FieldError> errors) {
  public Validated {
    if ((event == null) == (errors == null || errors.isEmpty())) {
      throw new IllegalArgumentException("exactly one of event or errors must be present");
    }
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public boolean isValid() {
    return event != null;
  }
}
