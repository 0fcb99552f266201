package io.mercato.core.ads.segment;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import java.util.Objects;
import java.util.Set;

/**
 * A type-checked condition planned once into a CEL program. Immutable: the program is immutable and
 * each evaluation builds its own variables, so one instance serves any number of threads.
 */
final class CelSegment implements Segment {
  private final String expression;
  private final CelRuntime.Program program;
  private final Set<String> stringLiterals;

  CelSegment(String expression, CelRuntime.Program program, Set<String> stringLiterals) {
    this.expression = Objects.requireNonNull(expression, "expression");
    this.program = Objects.requireNonNull(program, "program");
    this.stringLiterals = Set.copyOf(stringLiterals);
  }

  @Override
  public String expression() {
    return expression;
  }

  /**
   * Evaluates the condition. A missing map key, an overflow, or anything else that makes CEL fail
   * means "not in the segment": targeting must never break a decision.
   */
  @Override
  public boolean matches(SegmentInput input) {
    Objects.requireNonNull(input, "input");
    try {
      Object result = program.eval(ProfileSchema.variables(input, stringLiterals), ProfileSchema.functions(input));
      return Boolean.TRUE.equals(result);
    } catch (CelEvaluationException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Segment[" + expression + "]";
  }
}
