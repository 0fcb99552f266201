package io.mercato.core.rules;

import io.mercato.core.cel.ConditionPosition;
import io.mercato.core.error.FieldError;
import io.mercato.core.error.ValidationException;
import java.util.List;
import java.util.Map;

/**
 * A rule that cannot be saved: every broken rule with its field ({@code condition},
 * {@code actions[1].max}, ...), and for each CEL condition that does not compile the position of its
 * fault, so an editor can show the error at the field and the cursor at the fault. Nothing is saved.
 */
public class RuleValidationException extends ValidationException {
  private static final long serialVersionUID = 1L;
  private final transient Map<String, ConditionPosition> positions;

  public RuleValidationException(
      List<FieldError> errors, Map<String, ConditionPosition> positions) {
    super(errors);
    this.positions = Map.copyOf(positions);
  }

  /** Field of a CEL condition → where its first fault is; only for conditions that failed to compile. */
  public Map<String, ConditionPosition> positions() {
    return positions;
  }
}
