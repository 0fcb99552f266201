package io.mercato.core.cel;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationResult;

/**
 * What every CEL condition of Mercato shares: the evaluation options (ints and doubles compare with
 * each other, comprehensions and expression length bounded so one condition cannot stall the
 * process) and how a compile failure is told to a client (CEL's text, positions relative to the
 * expression, and the position of the first fault). Used by segment targeting and by automation
 * rules, so both explain errors the same way.
 */
public final class CelSupport {
  /** Longest accepted expression, in characters. */
  public static final int MAX_LENGTH = 4096;

  /** Most iterations of any one comprehension ({@code all}, {@code exists}, ...). */
  public static final int MAX_ITERATIONS = 1_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxExpressionCodePointSize(MAX_LENGTH)
          .build();

  private CelSupport() {}

  /** The options of every compiler and runtime. */
  public static CelOptions options() {
    return OPTIONS;
  }

  /**
   * CEL's error text of a failed compilation, positions relative to the expression
   * ({@code "1:9: undeclared reference to 'x'"}), prefixed by {@code "is not a valid CEL condition: "}
   * and followed by the usable names when the fault is an unknown name.
   *
   * @param names the names a condition may use, for that hint
   */
  public static String describe(CelValidationResult result, String names) {
    String errors = result.getErrorString().replace("ERROR: <input>:", "").trim();
    String first = errors.lines().findFirst().orElse(errors);
    StringBuilder m = new StringBuilder("is not a valid CEL condition: ").append(errors);
    if (first.contains("undeclared reference") || first.contains("undefined field")) {
      m.append("\nA condition may use: ").append(names);
    }
    return m.toString();
  }

  /**
   * The failure as a {@link ConditionException} on {@code field}, with the position of its first
   * error (1-based line and column, 0-based code-point offset).
   */
  public static ConditionException failure(String field, CelValidationResult result, String names) {
    ConditionPosition position = ConditionPosition.UNKNOWN;
    if (!result.getErrors().isEmpty()) {
      CelIssue issue = result.getErrors().get(0);
      CelSourceLocation at = issue.getSourceLocation();
      if (at != null && at.getLine() > 0) {
        position =
            new ConditionPosition(
                at.getLine(),
                at.getColumn() + 1,
                result.getSource().getLocationOffset(at).orElse(-1));
      }
    }
    return new ConditionException(field, describe(result, names), position);
  }
}
