package io.mercato.core.rules;

import io.mercato.core.campaign.change.ChangePlan;
import io.mercato.core.campaign.change.KpiSnapshot;
import java.util.List;

/**
 * What one rule decides for one campaign now, before its mode is applied: the preview's answer and
 * the evaluator's plan.
 *
 * @param rule          {@code id@version}, or {@code id@draft} for an unsaved rule
 * @param campaignId    the campaign
 * @param kpis          what the rule saw (in the evaluator only when the condition held or failed;
 *                      null otherwise)
 * @param sampleMet     whether the minimum sample was reached (the condition is not evaluated otherwise)
 * @param matched       whether the condition held
 * @param error         why the condition could not be evaluated; empty when it could
 * @param plan          the changes it would make (empty when not matched or nothing to change),
 *                      with notes on clamps and no-ops
 * @param notifications the webhooks it would notify
 */
public record CampaignDecision(
    String rule,
    String campaignId,
    KpiSnapshot kpis,
    boolean sampleMet,
    boolean matched,
    String error,
    ChangePlan plan,
    List<RuleAction.Notify> notifications) {
  public CampaignDecision {
    error = error == null ? "" : error;
    notifications = List.copyOf(notifications);
  }
}
