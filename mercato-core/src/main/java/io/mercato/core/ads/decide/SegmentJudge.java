package io.mercato.core.ads.decide;

import io.mercato.core.ads.Segment;
import io.mercato.core.ads.SegmentVariables;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The segment verdicts of one decision: each campaign's segment is evaluated at most once, and so is
 * each distinct condition (campaigns often share one), on variables built once for the user; the
 * evaluations together spend at most {@code budget} steps, each charged
 * {@link DecisionService#EVALUATION_STEPS} plus the segment's estimated cost. Not thread-safe: one
 * decision, one thread.
 */
final class SegmentJudge {
  private final Supplier<SegmentVariables> input;
  private final long budget;
  private final Map<String, DecisionService.Rule> byCampaign = new HashMap<>();
  private final Map<String, Boolean> byExpression = new HashMap<>();
  private SegmentVariables variables;
  private long spent;

  /** @param input builds the user's variables; asked at most once, when a segment is first evaluated */
  SegmentJudge(Supplier<SegmentVariables> input, long budget) {
    this.input = input;
    this.budget = budget;
  }

  /**
   * Null when the user is in campaign {@code campaignId}'s {@code segment} (or it has none), else the
   * rule that keeps the ad out: {@code SEGMENT}, or {@code SEGMENT_BUDGET} when evaluating it would
   * pass the budget.
   */
  DecisionService.Rule judge(String campaignId, Segment segment) {
    if (segment == null) {
      return null;
    }
    if (byCampaign.containsKey(campaignId)) {
      return byCampaign.get(campaignId);
    }
    Boolean in = byExpression.get(segment.expression());
    DecisionService.Rule verdict;
    if (in == null) {
      long charge = DecisionService.EVALUATION_STEPS + Math.max(1, segment.cost());
      if (spent + charge > budget) {
        // Not remembered per expression: a cheaper condition later in the ranking may still fit.
        byCampaign.put(campaignId, DecisionService.Rule.SEGMENT_BUDGET);
        return DecisionService.Rule.SEGMENT_BUDGET;
      }
      spent += charge;
      if (variables == null) {
        variables = input.get();
      }
      in = segment.matches(variables);
      byExpression.put(segment.expression(), in);
    }
    verdict = in ? null : DecisionService.Rule.SEGMENT;
    byCampaign.put(campaignId, verdict);
    return verdict;
  }

  /** Steps spent so far. */
  long spent() {
    return spent;
  }
}
