package io.mercato.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditPage;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChange;
import io.mercato.core.campaign.change.ChangeField;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.EntityKind;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.KpiSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON of audit entries and changes: which entries may be undone, and how actors and KPIs read. */
class AutomationViewsTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  /** A log that only answers "undone by" from a map, and counts the lookups. */
  static final class UndoneBy implements ChangeLog {
    final Map<Long, AuditEntry> undoneBy = new LinkedHashMap<>();
    final List<Long> asked = new ArrayList<>();

    @Override
    public Committed commit(List<CampaignChange> changes, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<AuditEntry> record(List<CampaignChange> changes, AuditOutcome outcome, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<AuditEntry> entry(long id) {
      return Optional.empty();
    }

    @Override
    public List<AuditEntry> batch(long batchId) {
      return List.of();
    }

    @Override
    public Optional<AuditEntry> undoneBy(long id) {
      asked.add(id);
      return Optional.ofNullable(undoneBy.get(id));
    }

    @Override
    public AuditPage query(AuditQuery query) {
      return new AuditPage(List.of(), null);
    }
  }

  static CampaignChange discount(Actor actor, KpiSnapshot kpis, Long undoOf) {
    return new CampaignChange(
        new EntityRef(EntityKind.CAMPAIGN, "sale"),
        "sale",
        ChangeField.DISCOUNT,
        "percent:15",
        "percent:20",
        actor,
        "why",
        false,
        "",
        kpis,
        undoOf);
  }

  @Test
  void anAppliedChangeNotUndoneYetIsUndoableAndAnUndoneOneNamesItsUndo() {
    UndoneBy log = new UndoneBy();
    AuditEntry applied =
        new AuditEntry(7, 7, T, discount(Actor.person("ana"), null, null), AuditOutcome.APPLIED);
    Map<String, Object> open = AutomationViews.entry(applied, log);
    assertThat(open)
        .containsEntry("undoable", true)
        .containsEntry("undone_by", null)
        .containsEntry("outcome", "applied");
    assertThat(open.get("entity")).isEqualTo(Map.of("kind", "campaign", "id", "sale"));
    log.undoneBy.put(
        7L, new AuditEntry(9, 9, T, discount(Actor.api(), null, 7L), AuditOutcome.APPLIED));
    Map<String, Object> undone = AutomationViews.entry(applied, log);
    assertThat(undone).containsEntry("undoable", false).containsEntry("undone_by", 9L);
  }

  @Test
  void dryRunsAndNotificationsAreNeverUndoableAndCostNoLookup() {
    UndoneBy log = new UndoneBy();
    AuditEntry dry =
        new AuditEntry(
            3, 3, T, discount(Actor.rule("low-cvr", 2), null, null), AuditOutcome.DRY_RUN);
    CampaignChange note =
        new CampaignChange(
            new EntityRef(EntityKind.CAMPAIGN, "sale"),
            "sale",
            ChangeField.NOTIFICATION,
            null,
            "delivered (204)",
            Actor.rule("low-cvr", 2),
            "",
            false,
            "",
            null,
            null);
    AuditEntry notified = new AuditEntry(4, 3, T, note, AuditOutcome.APPLIED);
    assertThat(AutomationViews.entry(dry, log)).containsEntry("undoable", false);
    assertThat(AutomationViews.entry(notified, log)).containsEntry("undoable", false);
    assertThat(log.asked).isEmpty();
  }

  @Test
  void actorsNameTheRuleVersionOrTheDraftAndKpisCarryTheirWatermark() {
    assertThat(AutomationViews.actor(Actor.rule("low-cvr", 3)))
        .containsEntry("kind", "rule")
        .containsEntry("rule", "low-cvr@3");
    assertThat(AutomationViews.actor(Actor.draft("low-cvr")))
        .containsEntry("rule", "low-cvr@draft");
    assertThat(AutomationViews.actor(Actor.person("ana").forRule("low-cvr", 3)))
        .containsEntry("kind", "person")
        .containsEntry("name", "ana")
        .containsEntry("rule", "low-cvr@3");
    assertThat(AutomationViews.actor(Actor.api())).containsEntry("rule", null);
    Map<String, Object> k = AutomationViews.kpis(new KpiSnapshot("10m", T, Map.of("clicks", 120L)));
    assertThat(k).containsEntry("window", "10m").containsEntry("watermark", "2026-12-01T10:00:00Z");
    assertThat(AutomationViews.kpis(new KpiSnapshot("10m", null, Map.of())))
        .containsEntry("watermark", null);
    assertThat(AutomationViews.kpis(null)).isNull();
  }
}
