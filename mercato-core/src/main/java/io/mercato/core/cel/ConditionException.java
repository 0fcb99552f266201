package io.mercato.core.cel;

import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.util.List;
import java.util.Objects;

/**
 * A CEL condition that does not compile: CEL's message on the field that holds the condition, with
 * the position of the (first) fault so an editor can put the cursor there. Maps to 400 like every
 * {@link ValidationException}.
 */
public class ConditionException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final ConditionPosition position;

  public ConditionException(String field, String message, ConditionPosition position) {
    super(List.of(new FieldError(field, message)));
    this.field = field;
    this.position = Objects.requireNonNull(position, "position");
  }

  /** The field holding the condition, e.g. {@code condition} or {@code scope.condition}. */
  public String field() {
    return field;
  }

  /** Where the first fault is. */
  public ConditionPosition position() {
    return position;
  }

  /** The first fault's message (CEL's text). */
  public String message() {
    return errors().get(0).message();
  }
}
