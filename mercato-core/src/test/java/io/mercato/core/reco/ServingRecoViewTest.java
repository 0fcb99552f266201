package io.mercato.core.reco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercato.core.event.Event;
import io.mercato.core.io.CorruptDataException;
import io.mercato.core.state.StateKey;
import io.mercato.core.state.StateKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The serving copy of the recommendation state ({@link RecoServingForms} values read through
 * {@link ServingRecoView}) answers exactly like the live {@link RecoState} it was copied from, when
 * the copy is taken as the cluster's writer takes it: the changed keys, drained every few events.
 */
class ServingRecoViewTest {
  private static final List<Strategy> DETERMINISTIC =
      List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO);

  /** A key-value store standing in for Redis, counting reads. */
  static final class Store {
    final Map<StateKey, byte[]> values = new HashMap<>();
    int reads;

    Map<StateKey, byte[]> read(Collection<StateKey> keys) {
      reads++;
      Map<StateKey, byte[]> out = new HashMap<>();
      for (StateKey k : keys) {
        byte[] b = values.get(k);
        if (b != null) {
          out.put(k, b);
        }
      }
      return out;
    }
  }

  /** A stream with categories, types and users whose histories overflow a small cap. */
  static List<Event> stream(long seed, int n) {
    Random r = new Random(seed);
    String[] types = {"view", "click", "add_to_cart", "purchase", "impression"};
    List<Event> out = new ArrayList<>();
    long t = Interactions.T0;
    for (int i = 0; i < n; i++) {
      int u = r.nextInt(60);
      int cluster = u % 4;
      int item = r.nextDouble() < 0.8 ? cluster * 15 + r.nextInt(15) : r.nextInt(60);
      t += r.nextInt(30_000);
      out.add(
          Interactions.event(
              types[r.nextInt(types.length)],
              "u" + u,
              "p" + item,
              r.nextDouble() < 0.02 ? "moved" : "cat" + item / 15,
              t));
    }
    return out;
  }

  static RecoConfig smallConfig() {
    return RecoConfig.defaults().withSizes(12, 10, 8, 5, 30, 6);
  }

  @Test
  void servingCopyAnswersLikeTheLiveState() {
    RecoState state = new RecoState(smallConfig());
    state.trackChanges();
    Store store = new Store();
    List<Event> events = stream(3, 6_000);
    for (int i = 0; i < events.size(); i++) {
      state.apply(events.get(i));
      if (i % 37 == 0 || i == events.size() - 1) {
        store.values.putAll(RecoServingForms.changed(state, state.drainChanges()));
      }
    }
    RecommendationService live = new RecommendationService(state, ItemInfo.NONE, () -> null);
    int compared = 0;
    for (int u = 0; u < 65; u++) { // u60..u64 are unknown
      String user = "u" + u;
      for (Strategy s : DETERMINISTIC) {
        for (RecoRequest req :
            List.of(
                new RecoRequest(10, null, true, true),
                new RecoRequest(25, null, false, false),
                new RecoRequest(5, "cat1", true, true))) {
          ServingRecoView view = ServingRecoView.open(state.config(), store::read);
          if (u % 2 == 0) {
            view.prepare(user, s, req.category(), req.n(), List.of());
          }
          RecoResult got =
              new RecommendationService(view, ItemInfo.NONE, () -> null).recommend(user, s, req);
          assertThat(got).as("%s %s %s", user, s, req).isEqualTo(live.recommend(user, s, req));
          compared++;
        }
        List<String> candidates = List.of("p3", "p17", "p33", "p48", "p59", "nope");
        ServingRecoView view = ServingRecoView.open(state.config(), store::read);
        view.prepare(user, s, null, candidates.size(), candidates);
        assertThat(
                new RecommendationService(view, ItemInfo.NONE, () -> null)
                    .rank(user, candidates, s, true))
            .isEqualTo(live.rank(user, candidates, s, true));
      }
    }
    for (int i = 0; i < 61; i++) {
      ServingRecoView view = ServingRecoView.open(state.config(), store::read);
      assertThat(view.similarItems("p" + i, 10, x -> true))
          .isEqualTo(state.similarItems("p" + i, 10, x -> true));
    }
    assertThat(compared).isEqualTo(65 * 4 * 3);
  }

  @Test
  void prepareReadsInAFewBulkReads() {
    RecoState state = new RecoState(smallConfig());
    state.trackChanges();
    Store store = new Store();
    stream(5, 3_000).forEach(state::apply);
    store.values.putAll(RecoServingForms.changed(state, state.drainChanges()));
    ServingRecoView view = ServingRecoView.open(state.config(), store::read);
    view.prepare("u7", Strategy.ITEM_CF, null, 10, List.of());
    int bulk = store.reads;
    new RecommendationService(view, ItemInfo.NONE, () -> null)
        .recommend("u7", Strategy.ITEM_CF, new RecoRequest(10, null, true, false));
    assertThat(bulk).isLessThanOrEqualTo(6);
    assertThat(store.reads).as("reads after prepare").isEqualTo(bulk);
  }

  @Test
  void firstDrainReportsEverythingAndLaterOnlyTheChangedKeys() {
    RecoState state = new RecoState(smallConfig());
    stream(9, 500).forEach(state::apply);
    state.trackChanges();
    Map<StateKey, byte[]> all = RecoServingForms.changed(state, state.drainChanges());
    assertThat(all.keySet().stream().filter(k -> k.kind() == StateKind.RECO_USER))
        .hasSize(state.users());
    assertThat(all.keySet().stream().filter(k -> k.kind() == StateKind.RECO_ITEM))
        .hasSize(state.items());
    state.apply(Interactions.event("view", "u1", "p2", "cat0", Interactions.T0 + 100_000_000));
    Map<StateKey, byte[]> next = RecoServingForms.changed(state, state.drainChanges());
    assertThat(next)
        .containsKeys(
            new StateKey(StateKind.RECO_USER, "u1"),
            new StateKey(StateKind.RECO_ITEM, "p2"),
            new StateKey(StateKind.RECO_LINKS, "p2"),
            new StateKey(StateKind.RECO_TOP, "cat0"),
            RecoServingForms.META);
    assertThat(next.keySet().stream().filter(k -> k.kind() == StateKind.RECO_USER)).hasSize(1);
    assertThat(RecoServingForms.changed(state, state.drainChanges())).isEmpty();
  }

  @Test
  void formsRoundTripAndRejectUnknownVersions() {
    RecoView.UserFacts u =
        new RecoView.UserFacts(
            7, List.of("a", "b"), new float[] {1.5f, 2f}, new byte[] {0, 3}, Math.sqrt(6.25));
    assertThat(RecoServingForms.readUser(RecoServingForms.user(u)))
        .usingRecursiveComparison()
        .isEqualTo(u);
    RecoServingForms.Item it = new RecoServingForms.Item(3, null, 12, 4.25);
    assertThat(RecoServingForms.readItem(RecoServingForms.item(it))).isEqualTo(it);
    RecoServingForms.Meta m = new RecoServingForms.Meta(1L, 2L, 3L, List.of("x", "y"));
    assertThat(RecoServingForms.readMeta(RecoServingForms.meta(m))).isEqualTo(m);
    // the byte format is pinned: version 1, varlong ordinal, absent category, varlong count, double
    assertThat(RecoServingForms.item(it)).containsExactly(1, 3, 0, 12, 64, 17, 0, 0, 0, 0, 0, 0);
    byte[] bad = RecoServingForms.top(List.of("x"));
    bad[0] = 9;
    assertThatThrownBy(() -> RecoServingForms.readTop(bad))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void emptyStoreIsAnEmptyState() {
    ServingRecoView view = ServingRecoView.open(RecoConfig.defaults(), new Store()::read);
    RecoResult r =
        new RecommendationService(view, ItemInfo.NONE, () -> null)
            .recommend("u", Strategy.AUTO, new RecoRequest(5, null, true, false));
    assertThat(r.items()).isEmpty();
    assertThat(r.used()).isEqualTo("popular");
    assertThat(view.similarItems("p", 5, x -> true)).isEmpty();
  }
}
