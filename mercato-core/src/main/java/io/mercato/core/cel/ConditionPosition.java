package io.mercato.core.cel;

/**
 * Where in a CEL expression a compile error is.
 *
 * @param line   1-based line, or -1 when CEL gave no position
 * @param column 1-based column in code points, or -1
 * @param offset 0-based code-point offset in the expression, or -1
 */
public record ConditionPosition(int line, int column, int offset) {
  /** No known position. */
  public static final ConditionPosition UNKNOWN = new ConditionPosition(-1, -1, -1);
}
