package io.mercato.core.ads.segment;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelLateFunctionBindings;
import dev.cel.runtime.CelRuntime;
import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentInput;
import io.mercato.core.ads.SegmentVariables;
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
  private final long cost;

  /** The key of the function bindings among the shared variables (not a CEL name). */
  private static final String FUNCTIONS = "$functions";

  /** @param cost the estimated worst-case steps of one evaluation ({@link SegmentCost}) */
  CelSegment(String expression, CelRuntime.Program program, Set<String> stringLiterals, long cost) {
    this.expression = Objects.requireNonNull(expression, "expression");
    this.program = Objects.requireNonNull(program, "program");
    this.stringLiterals = Set.copyOf(stringLiterals);
    this.cost = Math.max(1, cost);
  }

  @Override
  public long cost() {
    return cost;
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
    return matches(new SegmentVariables(Objects.requireNonNull(input, "input")));
  }

  @Override
  public boolean matches(SegmentVariables shared) {
    try {
      Object result =
          program.eval(
              ProfileSchema.variables(shared, stringLiterals),
              (CelLateFunctionBindings) shared.get(FUNCTIONS, ProfileSchema::functions));
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
