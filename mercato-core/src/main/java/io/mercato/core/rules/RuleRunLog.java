package io.mercato.core.rules;

import java.time.Instant;
import java.util.List;

/**
 * The history of rule runs (the port; relational in {@code mercato-store}). Append-only.
 * Implementations are thread-safe.
 */
public interface RuleRunLog {
  /** Appends {@code run} (its id is ignored) and returns it with its id. */
  RuleRun append(RuleRun run);

  /**
   * Runs of rule {@code ruleId}, newest first.
   *
   * @param version    only this version, or 0 for every version
   * @param campaignId only runs on this campaign, or null
   * @param before     only runs with a smaller id (paging), or null
   * @param limit      most runs, 1..1000
   */
  List<RuleRun> runs(String ruleId, int version, String campaignId, Long before, int limit);

  /** Every run at or after {@code since}, oldest first: what an evaluator reloads on start. */
  List<RuleRun> since(Instant since);
}
