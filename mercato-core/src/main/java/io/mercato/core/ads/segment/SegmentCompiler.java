package io.mercato.core.ads.segment;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.mercato.core.ads.Segment;
import io.mercato.core.cel.CelSupport;
import io.mercato.core.error.ValidationException;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a campaign's targeting condition, a <a href="https://github.com/google/cel-spec">CEL</a>
 * expression over the user's live profile, into a {@link Segment}:
 * <pre>{@code profile.affinity["sports"] > 0.3 && profile.counts["click"]["10m"] >= 3 && !profile.purchased("p-9")}</pre>
 * The variables and the function a condition may use are listed in {@link ProfileSchema} (and in the
 * README). The standard CEL library and macros ({@code has}, {@code all}, {@code exists},
 * {@code exists_one}, {@code map}, {@code filter}) are available; ints and doubles compare with each
 * other ({@code profile.affinity["sports"] > 0} is fine).
 *
 * <p>Compilation parses and type-checks the expression, which must be of type {@code bool}, and plans
 * it once; the campaign is refused when it does not compile, with CEL's message on field
 * {@code segment}. Evaluation never throws: an error (a map key the user does not have, an overflow)
 * means "not in the segment". Comprehensions are bounded to {@value #MAX_ITERATIONS} iterations and
 * expressions to {@value #MAX_LENGTH} characters, and a condition whose estimated worst-case cost
 * ({@link SegmentCost}) passes the compiler's limit (default {@value #DEFAULT_MAX_COST} steps, about a
 * millisecond) is refused, so one condition cannot stall a decision.
 *
 * <p>Thread-safe and immutable: build one per process and share it.
 */
public final class SegmentCompiler {
  /** Longest accepted expression, in characters. */
  public static final int MAX_LENGTH = CelSupport.MAX_LENGTH;

  /** Most iterations of any one comprehension ({@code all}, {@code exists}, ...). */
  public static final int MAX_ITERATIONS = CelSupport.MAX_ITERATIONS;

  /** The default limit of a condition's estimated worst-case cost ({@link SegmentCost}), in steps. */
  public static final long DEFAULT_MAX_COST = 10_000;

  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final long maxCost;

  /** A compiler with the default cost limit. */
  public SegmentCompiler() {
    this(DEFAULT_MAX_COST);
  }

  /**
   * @param maxCost the most steps a condition may cost in the worst case ({@link SegmentCost}); a
   *                condition estimated above it is refused when the campaign is written
   */
  public SegmentCompiler(long maxCost) {
    if (maxCost < 1) {
      throw new IllegalArgumentException("max segment cost must be positive but was " + maxCost);
    }
    this.maxCost = maxCost;
    CelOptions options = CelSupport.options();
    CelCompilerBuilder b =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addFunctionDeclarations(ProfileSchema.purchasedFunction())
            .setResultType(SimpleType.BOOL);
    ProfileSchema.VARIABLES.forEach(b::addVar);
    this.compiler = b.build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
  }

  /**
   * Type-checks {@code expression} and plans it.
   *
   * @throws ValidationException on field {@code segment} when it is blank, too long, does not parse,
   *                             is not a {@code bool}, or uses something the profile does not have;
   *                             the message is CEL's, with the position of the fault (a
   *                             {@link io.mercato.core.cel.ConditionException} when CEL refused it)
   */
  public Segment compile(String expression) {
    Objects.requireNonNull(expression, "expression");
    if (expression.isBlank()) {
      throw new ValidationException(
          "segment", "must not be blank; leave it out to target everyone");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new ValidationException(
          "segment",
          "must be at most " + MAX_LENGTH + " characters but has " + expression.length());
    }
    CelValidationResult result = compiler.compile(expression);
    if (result.hasError()) {
      throw CelSupport.failure("segment", result, ProfileSchema.names());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      long cost = SegmentCost.of(ast.getExpr());
      if (cost > maxCost) {
        throw new ValidationException(
            "segment",
            "is too costly: up to "
                + (cost == Long.MAX_VALUE ? "unbounded" : cost)
                + " evaluation steps for one user, more than the limit of "
                + maxCost
                + " (ads.max-segment-cost). "
                + "Comprehensions (all, exists, map, filter) cost their body once per element and nested ones multiply: "
                + "iterate over fewer or smaller collections (at most 50 recent items, 32 categories), or test a map "
                + "key with 'in' instead of scanning it");
      }
      return new CelSegment(expression, runtime.createProgram(ast), stringLiterals(ast), cost);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new ValidationException("segment", "is not a valid condition: " + e.getMessage());
    }
  }

  /** Every string constant of the expression: event types it may index counts with. */
  private static Set<String> stringLiterals(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast)
        .getRoot()
        .allNodes()
        .filter(n -> n.getKind() == CelExpr.ExprKind.Kind.CONSTANT)
        .map(n -> n.expr().constant())
        .filter(c -> c.getKind() == CelConstant.Kind.STRING_VALUE)
        .map(CelConstant::stringValue)
        .collect(Collectors.toUnmodifiableSet());
  }
}
