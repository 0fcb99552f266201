package io.mercato.core.campaign.change;

import static io.mercato.core.campaign.change.MemoryCampaigns.T0;
import static io.mercato.core.campaign.change.MemoryCampaigns.newCampaign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class UndoTest {
  final MemoryCampaigns store = new MemoryCampaigns().put(newCampaign("c1")).put(newCampaign("c2"));
  final CampaignChanges changes =
      new CampaignChanges(new ChangePlanner(Guardrails.defaults()), store, InstantSource.fixed(T0));
  final Undo undo = new Undo(changes);
  final Actor alice = Actor.person("alice");
  final Actor bob = Actor.person("bob");

  Committed apply(Operation op) {
    return changes.apply(
        new Adjustment(EntityRef.campaign("c1"), op),
        alice,
        Provenance.because("test"),
        store.context(T0));
  }

  @Test
  void undoRestoresTheValueBeforeAndIsAuditedAsUndoOfTheEntry() {
    Committed raise =
        apply(new Operation.ChangeDiscount(Adjust.SET, new BigDecimal("25"), null, null));
    long id = raise.entries().get(0).id();
    ChangePlan preview = undo.preview(id, bob, null, store.context(T0));
    assertThat(preview.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.before()).isEqualTo("percent:25");
              assertThat(c.after()).isEqualTo("percent:10");
            });
    assertThat(store.campaign("c1").discount().value())
        .isEqualByComparingTo("25"); // a preview changes nothing
    Committed undone = undo.apply(id, bob, null, store.context(T0));
    assertThat(store.campaign("c1").discount().value()).isEqualByComparingTo("10");
    AuditEntry e = undone.entries().get(0);
    assertThat(e.change().undoOf()).isEqualTo(id);
    assertThat(e.change().actor()).isEqualTo(bob);
    assertThat(e.outcome()).isEqualTo(AuditOutcome.APPLIED);
  }

  @Test
  void undoIsRefusedWhenTheFieldChangedAgainSinceAndNothingChanges() {
    long id =
        apply(new Operation.ChangeDiscount(Adjust.SET, new BigDecimal("25"), null, null))
            .entries()
            .get(0)
            .id();
    apply(new Operation.ChangeDiscount(Adjust.SET, new BigDecimal("30"), null, null));
    assertThatThrownBy(() -> undo.apply(id, bob, null, store.context(T0)))
        .isInstanceOf(UndoRefusedException.class)
        .hasMessage(
            "cannot undo audit entry 1: discount of campaign c1 changed since: the change set it to percent:25 "
                + "and it is now percent:30");
    assertThat(store.campaign("c1").discount().value()).isEqualByComparingTo("30");
    assertThat(store.entries()).hasSize(2);
  }

  @Test
  void anEntryIsUndoneOnce() {
    long id = apply(new Operation.Pause()).entries().get(0).id();
    undo.apply(id, bob, null, store.context(T0));
    assertThatThrownBy(() -> undo.preview(id, bob, null, store.context(T0)))
        .isInstanceOf(UndoRefusedException.class)
        .hasMessageContaining("already undone by audit entry 2");
  }

  @Test
  void undoingABudgetMoveRestoresBothSides() {
    Committed move = apply(new Operation.MoveBudget("c2", new BigDecimal("1500")));
    long second = move.entries().get(1).id();
    Committed undone = undo.apply(second, bob, "wrong campaign", store.context(T0));
    assertThat(undone.entries()).hasSize(2);
    assertThat(undone.entries())
        .allSatisfy(e -> assertThat(e.change().reason()).isEqualTo("wrong campaign"));
    assertThat(store.campaign("c1").totalBudget()).isEqualByComparingTo("10000");
    assertThat(store.campaign("c2").totalBudget()).isEqualByComparingTo("10000");
  }

  @Test
  void onlyAppliedChangesCanBeUndone() {
    ChangePlan plan =
        changes.preview(
            new Adjustment(EntityRef.campaign("c1"), new Operation.Pause()),
            alice,
            Provenance.because("dry"),
            store.context(T0));
    List<AuditEntry> dry = changes.record(plan, AuditOutcome.DRY_RUN);
    assertThatThrownBy(() -> undo.preview(dry.get(0).id(), bob, null, store.context(T0)))
        .isInstanceOf(UndoRefusedException.class)
        .hasMessageContaining("not an applied change (outcome dry_run)");
    assertThatThrownBy(() -> undo.preview(99, bob, null, store.context(T0)))
        .isInstanceOf(UnknownEntityException.class);
  }
}
