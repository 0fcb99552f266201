package io.mercato.core.campaign.change;

import java.util.List;

/**
 * Entries of the audit log, newest first.
 *
 * @param nextBefore pass as {@link AuditQuery#before()} for the next (older) page; null when this
 *                   page is the last
 */
public record AuditPage(List<AuditEntry> entries, Long nextBefore) {
  public AuditPage {
    entries = List.copyOf(entries);
  }
}
