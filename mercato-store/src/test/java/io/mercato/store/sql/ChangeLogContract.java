package io.mercato.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.ads.Ad;
import io.mercato.core.ads.Campaign;
import io.mercato.core.ads.CampaignRepository;
import io.mercato.core.campaign.change.Actor;
import io.mercato.core.campaign.change.Adjust;
import io.mercato.core.campaign.change.Adjustment;
import io.mercato.core.campaign.change.AuditEntry;
import io.mercato.core.campaign.change.AuditOutcome;
import io.mercato.core.campaign.change.AuditPage;
import io.mercato.core.campaign.change.AuditQuery;
import io.mercato.core.campaign.change.CampaignChanges;
import io.mercato.core.campaign.change.ChangeContext;
import io.mercato.core.campaign.change.ChangeLog;
import io.mercato.core.campaign.change.ChangePlanner;
import io.mercato.core.campaign.change.Committed;
import io.mercato.core.campaign.change.EntityRef;
import io.mercato.core.campaign.change.Guardrails;
import io.mercato.core.campaign.change.KpiSnapshot;
import io.mercato.core.campaign.change.Operation;
import io.mercato.core.campaign.change.Provenance;
import io.mercato.core.campaign.change.StaleChangeException;
import io.mercato.core.campaign.change.Undo;
import io.mercato.core.campaign.change.UndoRefusedException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the relational change log must do on each database ({@code H2ChangeLogTest},
 * {@code PostgresChangeLogIT}): atomic commits checked against the values they were planned from,
 * only the changed column written, append-only audit rows with batches, undo, and paged queries by
 * campaign, rule and time. Also that campaign tags round-trip and old rows (no tags) load.
 */
abstract class ChangeLogContract {
  static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

  protected Database db;
  protected CampaignRepository repo;
  protected ChangeLog log;
  protected CampaignChanges changes;

  /** A fresh, empty, migrated database. */
  protected abstract Database openFresh();

  @BeforeEach
  void open() {
    db = openFresh();
    repo = new JdbcCampaignRepository(db);
    log = new JdbcChangeLog(db);
    changes =
        new CampaignChanges(new ChangePlanner(Guardrails.defaults()), log, InstantSource.fixed(T));
    repo.putCampaign(tagged(eur("c1", "10000", "500")));
    repo.putCampaign(eur("c2", "1000", "100"));
    repo.putAd(CampaignRepositoryContract.ad("a1", "c1", "home"));
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** An active EUR campaign with a 12.5% discount. */
  static Campaign eur(String id, String total, String daily) {
    Campaign f = CampaignRepositoryContract.full(id);
    return new Campaign(
        id,
        f.name(),
        f.start(),
        f.end(),
        f.timeZone(),
        f.status(),
        "EUR",
        new BigDecimal(total),
        new BigDecimal(daily),
        f.discount(),
        null,
        null,
        null,
        f.updatedMillis());
  }

  static Campaign tagged(Campaign c) {
    return new Campaign(
        c.id(),
        c.name(),
        c.start(),
        c.end(),
        c.timeZone(),
        c.status(),
        c.currency(),
        c.totalBudget(),
        c.dailyBudget(),
        c.discount(),
        c.segment(),
        c.goals(),
        c.caps(),
        c.updatedMillis(),
        Set.of("shoes", "black-friday"));
  }

  ChangeContext ctx() {
    return ChangeContext.of(repo, id -> BigDecimal.ZERO, T);
  }

  Committed apply(EntityRef target, Operation op, Actor actor) {
    return changes.apply(new Adjustment(target, op), actor, Provenance.because("contract"), ctx());
  }

  @Test
  void campaignTagsRoundTripAndACampaignWithoutTagsLoads() {
    assertThat(repo.campaign("c1").orElseThrow().tags()).containsExactly("black-friday", "shoes");
    assertThat(repo.campaign("c2").orElseThrow().tags()).isEmpty();
    repo.putCampaign(CampaignRepositoryContract.minimal("c1-copy"));
    assertThat(repo.campaigns())
        .filteredOn(c -> c.id().equals("c1"))
        .singleElement()
        .satisfies(c -> assertThat(c.tags()).hasSize(2));
  }

  @Test
  void aCommitWritesTheFieldAndAnAuditRowWithWhatTheRuleSaw() {
    KpiSnapshot seen =
        new KpiSnapshot(
            "10m", Instant.parse("2026-03-10T11:59:58Z"), Map.of("cvr", 0.01, "clicks", 240));
    Committed done =
        changes.apply(
            new Adjustment(
                EntityRef.campaign("c1"),
                new Operation.ChangeDiscount(Adjust.ADD, new BigDecimal("5"), null, null)),
            Actor.rule("low-cvr", 3),
            new Provenance("cvr low", seen, null),
            ctx());
    assertThat(repo.campaign("c1").orElseThrow().discount().value()).isEqualByComparingTo("17.5");
    assertThat(done.campaigns())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.discount().value()).isEqualByComparingTo("17.5");
              assertThat(c.updatedMillis()).isEqualTo(T.toEpochMilli());
              assertThat(c.tags()).hasSize(2);
            });
    AuditEntry e = log.entry(done.entries().get(0).id()).orElseThrow();
    assertThat(e).isEqualTo(done.entries().get(0));
    assertThat(e.change().actor()).isEqualTo(Actor.rule("low-cvr", 3));
    assertThat(e.change().kpis()).isEqualTo(seen);
    assertThat(e.change().before()).isEqualTo("percent:12.5");
    assertThat(e.change().after()).isEqualTo("percent:17.5");
  }

  @Test
  void aCommitFromAStaleValueAppliesNothing() {
    var plan =
        changes.preview(
            new Adjustment(
                EntityRef.campaign("c1"), new Operation.MoveBudget("c2", new BigDecimal("100"))),
            Actor.person("alice"),
            Provenance.because("x"),
            ctx());
    apply(
        EntityRef.campaign("c2"),
        new Operation.ChangeDailyBudget(Adjust.SET, new BigDecimal("50"), null, null),
        Actor.api()); // another field of c2: the plan's values are still current
    Campaign c2Before = repo.campaign("c2").orElseThrow();
    repo.putCampaign(
        new Campaign(
            "c2",
            c2Before.name(),
            c2Before.start(),
            c2Before.end(),
            c2Before.timeZone(),
            c2Before.status(),
            c2Before.currency(),
            new BigDecimal("2000"),
            c2Before.dailyBudget(),
            null,
            null,
            null,
            null,
            5));
    assertThatThrownBy(() -> changes.commit(plan))
        .isInstanceOf(StaleChangeException.class)
        .hasMessageContaining("total_budget of campaign c2");
    assertThat(repo.campaign("c1").orElseThrow().totalBudget()).isEqualByComparingTo("10000");
    assertThat(log.query(new AuditQuery(null, null, null, null, 10)).entries()).hasSize(1);
  }

  @Test
  void aBudgetMoveIsOneBatchAndItsUndoRestoresBothSides() {
    Committed move =
        apply(
            EntityRef.campaign("c2"),
            new Operation.MoveBudget("c1", new BigDecimal("300")),
            Actor.person("alice"));
    assertThat(move.entries())
        .extracting(AuditEntry::batchId)
        .containsOnly(move.entries().get(0).id());
    Undo undo = new Undo(changes);
    Committed undone = undo.apply(move.entries().get(1).id(), Actor.person("bob"), null, ctx());
    assertThat(undone.entries())
        .extracting(e -> e.change().undoOf())
        .containsExactly(move.entries().get(0).id(), move.entries().get(1).id());
    assertThat(repo.campaign("c2").orElseThrow().totalBudget()).isEqualByComparingTo("1000");
    assertThatThrownBy(
            () -> undo.preview(move.entries().get(0).id(), Actor.person("bob"), null, ctx()))
        .isInstanceOf(UndoRefusedException.class)
        .hasMessageContaining("already undone");
  }

  @Test
  void anAdChangeWritesOnlyItsColumn() {
    apply(
        EntityRef.ad("a1"), new Operation.ChangeBid(new BigDecimal("25"), null, null), Actor.api());
    apply(EntityRef.ad("a1"), new Operation.Pause(), Actor.api());
    Ad a = repo.ad("a1").orElseThrow();
    assertThat(a.bid().amount()).isEqualByComparingTo("0.5");
    assertThat(a.status().wireName()).isEqualTo("paused");
    assertThat(a.placements()).containsExactly("home");
  }

  @Test
  void theAuditLogPagesNewestFirstByCampaignRuleAndTime() {
    for (int i = 0; i < 5; i++) {
      apply(
          EntityRef.campaign("c1"),
          i % 2 == 0 ? new Operation.Pause() : new Operation.Resume(),
          Actor.rule("r", 1));
    }
    apply(EntityRef.campaign("c2"), new Operation.Pause(), Actor.person("alice"));
    AuditPage first = log.query(new AuditQuery("c1", "r", T, null, 2));
    assertThat(first.entries()).extracting(AuditEntry::id).containsExactly(5L, 4L);
    AuditPage second = log.query(new AuditQuery("c1", "r", null, first.nextBefore(), 2));
    assertThat(second.entries()).extracting(AuditEntry::id).containsExactly(3L, 2L);
    AuditPage last = log.query(new AuditQuery("c1", null, null, second.nextBefore(), 2));
    assertThat(last.entries()).extracting(AuditEntry::id).containsExactly(1L);
    assertThat(last.nextBefore()).isNull();
    assertThat(log.query(new AuditQuery(null, null, T.plusSeconds(1), null, 10)).entries())
        .isEmpty();
    assertThat(log.query(new AuditQuery("c2", null, null, null, 10)).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.change().actor().name()).isEqualTo("alice"));
  }

  @Test
  void entriesThatChangeNothingAreRecorded() {
    var plan =
        changes.preview(
            new Adjustment(EntityRef.campaign("c1"), new Operation.Pause()),
            Actor.rule("r", 2),
            Provenance.because("dry"),
            ctx());
    assertThat(changes.record(plan, AuditOutcome.DRY_RUN))
        .singleElement()
        .satisfies(
            e ->
                assertThat(log.entry(e.id()).orElseThrow().outcome())
                    .isEqualTo(AuditOutcome.DRY_RUN));
    assertThat(repo.campaign("c1").orElseThrow().status().wireName()).isEqualTo("active");
  }
}
