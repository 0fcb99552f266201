package io.mercato.core.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Input that broke one or more rules; {@link #errors()} names each offending field, the first
 * {@value #MAX_LISTED} of them: a body of a million broken members is answered in a bounded number
 * of lines, and {@link #errorCount()} says how many there were.
 */
public class ValidationException extends MercatoException {
  /** Most errors listed; beyond it the last line (field {@code *}) counts the rest. */
  public static final int MAX_LISTED = 100;

  private static final long serialVersionUID = 1L;
  private final transient List<FieldError> errors;
  private final int errorCount;

  public ValidationException(List<FieldError> errors) {
    this(errors, errors.size());
  }

  /**
   * For callers that collect only the first errors of many: {@code errors} are the first ones (at
   * least one), {@code errorCount} how many there were in all.
   */
  protected ValidationException(List<FieldError> errors, int errorCount) {
    super(summary(errors, errorCount));
    this.errorCount = errorCount;
    this.errors =
        errorCount <= MAX_LISTED && errors.size() == errorCount
            ? List.copyOf(errors)
            : bounded(errors, errorCount);
  }

  private static List<FieldError> bounded(List<FieldError> errors, int errorCount) {
    int listed = Math.min(errors.size(), MAX_LISTED - 1);
    List<FieldError> out = new ArrayList<>(errors.subList(0, listed));
    out.add(new FieldError("*", (errorCount - listed) + " more errors are not listed"));
    return List.copyOf(out);
  }

  /** How many rules were broken, listed or not. */
  public int errorCount() {
    return errorCount;
  }

  public ValidationException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors, int errorCount) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a validation error needs at least one field error");
    }
    FieldError first = errors.get(0);
    String more = errorCount > 1 ? " (and " + (errorCount - 1) + " more)" : "";
    return first.field() + ": " + first.message() + more;
  }
}
