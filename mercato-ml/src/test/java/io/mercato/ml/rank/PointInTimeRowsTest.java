package io.mercato.ml.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemCfRecommender;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.UserCfRecommender;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Point-in-time correctness of ranker rows: no feature reads an event after its row's moment. */
class PointInTimeRowsTest {
  static final RecoConfig CONFIG = RecoConfig.defaults();

  static FirstStage cfStages(EventLogState s) {
    Recommender itemCf = new ItemCfRecommender(s.reco());
    Recommender userCf = new UserCfRecommender(s.reco());
    return new FirstStage(() -> itemCf, () -> userCf, () -> null, () -> null);
  }

  static PointInTimeRows purchasesAsMoments() {
    return new PointInTimeRows(e -> e.type().equals("purchase"), 30 * 60_000L, 10, 10, 3, false);
  }

  /**
   * Every group's features equal those computed from a fresh state fed only the events strictly before
   * the group's moment. A builder that let even one later event into the state would fail this: the
   * second half shows the same comparison detects the moment's own event.
   */
  @Test
  void everyFeatureIsWhatTheStateHeldBeforeItsMoment() {
    List<Event> log = new PromoWorld(3, 5).events;
    EventLogState replayed = new EventLogState(CONFIG, Map.of());
    RankerRows rows = purchasesAsMoments().build(log, replayed, cfStages(replayed));
    assertThat(rows.groups().length).isGreaterThan(500);

    int width = RankerFeatures.count();
    int checked = 0;
    int leaksDetected = 0;
    for (int g = 0; g < rows.groups().length; g += 37) { // a spread of moments, early to late
      int start = 0;
      for (int k = 0; k < g; k++) {
        start += rows.groups()[k];
      }
      int offset = start;
      RankerRows.Moment m = rows.moments().get(g);
      List<String> cands = rows.items().subList(offset, offset + rows.groups()[g]);
      float[] built =
          Arrays.copyOfRange(rows.features(), offset * width, (offset + cands.size()) * width);

      EventLogState before = new EventLogState(CONFIG, Map.of());
      Event own = null;
      for (Event e : log) {
        if (e.timestampMillis() < m.atMillis()) {
          before.apply(e);
        } else if (e.timestampMillis() == m.atMillis()) {
          own = e;
        }
      }
      assertThat(RankerFeatures.compute(before, cfStages(before), m.userId(), cands, m.atMillis()))
          .as("group %d at %d", g, m.atMillis())
          .containsExactly(built);
      checked++;

      before.apply(own); // one event too many: the moment's own purchase
      float[] leaked =
          RankerFeatures.compute(before, cfStages(before), m.userId(), cands, m.atMillis());
      leaksDetected += Arrays.equals(leaked, built) ? 0 : 1;
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(leaksDetected).as("the comparison sees a single extra event").isEqualTo(checked);
  }

  @Test
  void aStateHoldingALaterEventRefusesToAnswer() {
    List<Event> log = new PromoWorld(1, 5).events;
    EventLogState s = new EventLogState(CONFIG, Map.of());
    log.subList(0, 10).forEach(s::apply);
    long earlier = log.get(5).timestampMillis();
    assertThatThrownBy(
            () -> RankerFeatures.compute(s, cfStages(s), "u0", List.of("c0-i1"), earlier))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("would read the future");
    assertThatThrownBy(() -> s.apply(log.get(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event-time order");
  }

  @Test
  void labelsComeFromWhatTheUserDidWithinTheHorizon() {
    long t = PromoWorld.T0;
    List<Event> log =
        List.of(
            ev("1", "view", "a", "x", t),
            ev("2", "view", "b", "w", t + 1000),
            ev("3", "view", "b", "y", t + 2000),
            ev("4", "click", "a", "y", t + 60_000), // the moment
            ev("5", "add_to_cart", "a", "z", t + 120_000),
            ev("6", "purchase", "a", "y", t + 180_000),
            ev("7", "purchase", "a", "x", t + 3_600_000)); // beyond the 30-minute horizon
    EventLogState s = new EventLogState(CONFIG, Map.of());
    RankerRows rows =
        new PointInTimeRows(e -> e.eventId().equals("4"), 30 * 60_000L, 0, 0, 1)
            .build(log, s, cfStages(s));
    // candidates: the labelled items (y, z) and no random ones: no negative, no contrast, no group
    assertThat(rows.groups()).isEmpty();
    EventLogState s2 = new EventLogState(CONFIG, Map.of());
    rows =
        new PointInTimeRows(e -> e.eventId().equals("4"), 30 * 60_000L, 5, 5, 1)
            .build(log, s2, cfStages(s2));
    assertThat(rows.groups()).hasSize(1);
    Map<String, Float> label = new HashMap<>();
    for (int i = 0; i < rows.rows(); i++) {
      label.put(rows.items().get(i), rows.labels()[i]);
    }
    // y clicked then bought, z carted; w is a random negative; x, seen by a before the moment (and
    // bought
    // beyond the horizon), is no candidate: serving would not offer it
    assertThat(label).containsOnly(Map.entry("y", 4f), Map.entry("z", 3f), Map.entry("w", 0f));
    assertThat(rows.moments().get(0)).isEqualTo(new RankerRows.Moment("a", t + 60_000));
  }

  private static Event ev(String id, String type, String user, String item, long t) {
    return new Event(id, false, type, user, item, null, null, "c", null, t, Map.of());
  }
}
