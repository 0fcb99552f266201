package io.mercato.core.ads.segment;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelCall;
import dev.cel.common.ast.CelExpr.CelComprehension;
import java.util.Map;

/**
 * A worst-case estimate of what evaluating a segment condition costs, in <em>steps</em>: one step per
 * expression node evaluated, a comprehension ({@code all}, {@code exists}, {@code map},
 * {@code filter}...) costing its body times the most elements its range can have. Nested
 * comprehensions multiply. On this machine a step is about 0.1 µs (see {@code SegmentCostTest} and
 * BENCHMARKS.md), so the default limit of a segment, 10,000 steps, is about a millisecond.
 *
 * <p>The bound of a range comes from what the profile can hold ({@link #RANGE_BOUNDS}: e.g. at most
 * 50 recent items, 32 categories), the length of a list literal, or the range a {@code map} or
 * {@code filter} came from; anything else counts as {@link SegmentCompiler#MAX_ITERATIONS}, the
 * runtime's own limit per comprehension. Membership ({@code x in list}) costs the list's bound.
 *
 * <p>Hand-written because CEL-Java has no cost estimator (cel-go's {@code checker.Cost} has not been
 * ported: cel-expr/cel-java issue 390). Pure; thread-safe.
 */
final class SegmentCost {
  /**
   * The most elements each collection of the profile can hold, by its name in a condition: the
   * profile's caps at their defaults or above ({@code profile.recent-items} 50, {@code profile.max-categories}
   * 32, 20 purchased and session items; event types: the standard ones plus {@code limits.max-custom-types}).
   */
  static final Map<String, Long> RANGE_BOUNDS =
      Map.of(
          "profile.recent_items", 50L,
          "profile.session_items", 20L,
          "profile.purchased_items", 20L,
          "profile.affinity", 32L,
          "profile.affinity_score", 32L,
          "profile.counts", 128L);

  private SegmentCost() {}

  /** The estimated worst-case steps of evaluating {@code e}. */
  static long of(CelExpr e) {
    return cost(e);
  }

  private static long cost(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT, NOT_SET -> 0;
      case IDENT -> 1;
      case SELECT -> 1 + cost(e.select().operand());
      case LIST -> 1 + e.list().elements().stream().mapToLong(SegmentCost::cost).sum();
      case MAP ->
          1 + e.map().entries().stream().mapToLong(x -> cost(x.key()) + cost(x.value())).sum();
      case STRUCT -> 1 + e.struct().entries().stream().mapToLong(x -> cost(x.value())).sum();
      case CALL -> call(e.call());
      case COMPREHENSION -> comprehension(e.comprehension());
    };
  }

  private static long call(CelCall c) {
    long cost = 1 + c.target().map(SegmentCost::cost).orElse(0L);
    for (CelExpr arg : c.args()) {
      cost = saturatedAdd(cost, cost(arg));
    }
    if (c.function().equals("@in") && c.args().size() == 2) {
      cost =
          saturatedAdd(
              cost, bound(c.args().get(1))); // a scan of the list (maps are hashed, lists are not)
    }
    return cost;
  }

  private static long comprehension(CelComprehension c) {
    long perElement = saturatedAdd(cost(c.loopCondition()), cost(c.loopStep()));
    long loop = saturatedMultiply(bound(c.iterRange()), Math.max(1, perElement));
    return saturatedAdd(
        saturatedAdd(cost(c.iterRange()), cost(c.accuInit())),
        saturatedAdd(loop, cost(c.result())));
  }

  /** The most elements {@code range} can have. */
  static long bound(CelExpr range) {
    String name = qualifiedName(range);
    if (name != null && RANGE_BOUNDS.containsKey(name)) {
      return RANGE_BOUNDS.get(name);
    }
    if (range.getKind() == CelExpr.ExprKind.Kind.LIST) {
      return range.list().elements().size();
    }
    if (range.getKind() == CelExpr.ExprKind.Kind.MAP) {
      return range.map().entries().size();
    }
    if (range.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      // map() and filter() yield at most one element per element of their range
      return bound(range.comprehension().iterRange());
    }
    if (range.getKind() == CelExpr.ExprKind.Kind.CALL
        && range.call().function().equals("_[_]")
        && "profile.counts".equals(qualifiedName(range.call().args().get(0)))) {
      return 16; // the windows of one event type
    }
    return SegmentCompiler.MAX_ITERATIONS;
  }

  /** {@code profile.recent_items} for an identifier or a chain of field selections on one; else null. */
  private static String qualifiedName(CelExpr e) {
    if (e.getKind() == CelExpr.ExprKind.Kind.IDENT) {
      return e.ident().name();
    }
    if (e.getKind() == CelExpr.ExprKind.Kind.SELECT && !e.select().testOnly()) {
      String operand = qualifiedName(e.select().operand());
      return operand == null ? null : operand + "." + e.select().field();
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatedMultiply(long a, long b) {
    return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
  }
}
