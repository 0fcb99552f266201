package io.mercato.core.campaign.change;

import java.time.Instant;

/**
 * A page of the audit log, newest first.
 *
 * @param campaignId only entries of this campaign (or its ads), or null for all
 * @param ruleId     only entries made by runs of this rule (any version), or null for all
 * @param since      only entries written at or after this instant, or null
 * @param before     only entries with a smaller id (the previous page's {@code nextBefore}), or null
 * @param limit      most entries, 1..{@value #MAX_LIMIT}
 */
public record AuditQuery(String campaignId, String ruleId, Instant since, Long before, int limit) {
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be in [1, " + MAX_LIMIT + "] but was " + limit);
    }
  }
}
