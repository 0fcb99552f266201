package io.mercato.core.rules;

import io.mercato.core.campaign.change.Committed;
import java.time.Instant;
import java.util.List;

/**
 * What one evaluation cycle did, for metrics, logs and the runtime (which serves the changed
 * definitions at once).
 *
 * @param at              when the cycle ran
 * @param rules           enabled rule versions that were due
 * @param checked         (rule, campaign) pairs whose condition was considered
 * @param belowSample     pairs skipped because the minimum sample was not reached
 * @param coolingDown     pairs skipped because of the cooldown
 * @param atDailyMaximum  pairs skipped because the rule already acted the most times today
 * @param runs            the runs recorded (condition held, or a new failure)
 * @param applied         what mode-auto runs applied
 * @param expired         approvals closed because their time was up
 */
public record CycleReport(
    Instant at,
    int rules,
    int checked,
    int belowSample,
    int coolingDown,
    int atDailyMaximum,
    List<RuleRun> runs,
    List<Committed> applied,
    List<PendingApproval> expired) {
  public CycleReport {
    runs = List.copyOf(runs);
    applied = List.copyOf(applied);
    expired = List.copyOf(expired);
  }
}
