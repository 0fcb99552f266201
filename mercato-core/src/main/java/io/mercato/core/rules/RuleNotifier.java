package io.mercato.core.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.KpiSnapshot;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Sends a rule's webhook notifications and audits each outcome ({@link AuditOutcome#NOTIFIED} or
 * {@link AuditOutcome#NOTIFY_FAILED}, field {@code notification}, the outcome in words as the value).
 * The body (built with Jackson, never by concatenation):
 * <pre>{@code
 * {"rule": "low-cvr@3", "rule_name": "...", "campaign_id": "spring-sale", "mode": "auto",
 *  "outcome": "applied", "window": "10m", "watermark": "2026-11-24T12:00:00Z",
 *  "kpis": {"clicks": 240, "cvr": 0.008, ...},
 *  "changes": [{"entity": "campaign", "id": "spring-sale", "field": "discount", "before": "percent:10",
 *               "after": "percent:15", "clamped": false, "clamp_note": "", "audit_id": 41}]}
 * }</pre>
 * Thread-safe.
 */
public final class RuleNotifier {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebhookSender sender;
  private final ChangeLog log;
  private final InstantSource clock;

  public RuleNotifier(WebhookSender sender, ChangeLog log, InstantSource clock) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Notifies {@code action}'s webhook of a run and audits the outcome.
   *
   * @param changes the changes of the run with their audit entries (entries may be empty)
   * @return the audit entry of the outcome
   */
  public AuditEntry notify(
      RuleAction.Notify action,
      Rule rule,
      String campaignId,
      RunOutcome outcome,
      KpiSnapshot kpis,
      List<CampaignChange> changes,
      List<AuditEntry> entries) {
    byte[] body = body(rule, campaignId, outcome, kpis, changes, entries);
    Delivery d = sender.send(action.url(), body);
    CampaignChange note =
        new CampaignChange(
            EntityRef.campaign(campaignId),
            campaignId,
            ChangeField.NOTIFICATION,
            null,
            d.describe(action.url().toString()),
            Actor.rule(rule.id(), rule.version()),
            "notify action of rule " + rule.name(),
            false,
            "",
            kpis,
            null);
    return log.record(
            List.of(note),
            d.delivered() ? AuditOutcome.NOTIFIED : AuditOutcome.NOTIFY_FAILED,
            clock.instant())
        .get(0);
  }

  static byte[] body(
      Rule rule,
      String campaignId,
      RunOutcome outcome,
      KpiSnapshot kpis,
      List<CampaignChange> changes,
      List<AuditEntry> entries) {
    ObjectNode o = JSON.createObjectNode();
    o.put("rule", rule.id() + "@" + rule.version());
    o.put("rule_name", rule.name());
    o.put("campaign_id", campaignId);
    o.put("mode", rule.mode().wireName());
    o.put("outcome", outcome.wireName());
    if (kpis != null) {
      o.put("window", kpis.window());
      o.put("watermark", kpis.watermark() == null ? null : kpis.watermark().toString());
      o.set("kpis", JSON.valueToTree(kpis.values()));
    }
    ArrayNode list = o.putArray("changes");
    for (int i = 0; i < changes.size(); i++) {
      CampaignChange c = changes.get(i);
      ObjectNode n = list.addObject();
      n.put("entity", c.entity().kind().wireName());
      n.put("id", c.entity().id());
      n.put("field", c.field().wireName());
      n.put("before", c.before());
      n.put("after", c.after());
      n.put("clamped", c.clamped());
      n.put("clamp_note", c.clampNote());
      if (i < entries.size()) {
        n.put("audit_id", entries.get(i).id());
      }
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notification body of plain values must serialize", e);
    }
  }

  /** The KPI values as JSON text (the audit log's form of a snapshot). */
  public static String kpiJson(Map<String, Object> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("KPI values must serialize", e);
    }
  }
}
