package io.mercato.core.reco;

import static io.mercato.core.reco.Interactions.T0;
import static io.mercato.core.reco.Interactions.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecommenderBehaviourTest {
  private static final List<Strategy> DETERMINISTIC =
      List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO);

  /** Planted data with each user's last cluster item held out (only when it is new to the user). */
  private record Split(RecoState state, Map<String, String> heldOut) {}

  private static Split plantedSplit() {
    List<Event> all = Interactions.planted(6, 40, 20, 10, 0.05, 42);
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      last.put(all.get(i).userId(), i);
    }
    Map<String, String> heldOut = new HashMap<>();
    Set<Integer> skip = new HashSet<>();
    Map<String, Set<String>> seen = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      Event e = all.get(i);
      if (last.get(e.userId()) == i
          && !seen.getOrDefault(e.userId(), Set.of()).contains(e.itemId())) {
        heldOut.put(e.userId(), e.itemId());
        skip.add(i);
      }
      seen.computeIfAbsent(e.userId(), k -> new HashSet<>()).add(e.itemId());
    }
    RecoState s = new RecoState(RecoConfig.defaults());
    for (int i = 0; i < all.size(); i++) {
      if (!skip.contains(i)) {
        s.apply(all.get(i));
      }
    }
    return new Split(s, heldOut);
  }

  private static double hitRate(RecommendationService svc, Split split, Strategy st) {
    int hits = 0;
    for (var e : split.heldOut().entrySet()) {
      RecoResult r = svc.recommend(e.getKey(), st, new RecoRequest(10, null, true, false));
      if (r.items().stream().anyMatch(i -> i.itemId().equals(e.getValue()))) {
        hits++;
      }
    }
    return (double) hits / split.heldOut().size();
  }

  @Test
  void collaborativeFilteringBeatsPopularityWidelyOnPlantedStructure() {
    Split split = plantedSplit();
    RecommendationService svc = new RecommendationService(split.state(), ItemInfo.NONE, () -> null);
    assertThat(split.heldOut()).hasSizeGreaterThan(100);
    double pop = hitRate(svc, split, Strategy.POPULAR);
    double itemCf = hitRate(svc, split, Strategy.ITEM_CF);
    double userCf = hitRate(svc, split, Strategy.USER_CF);
    double auto = hitRate(svc, split, Strategy.AUTO);
    // a user's own cluster has 20 items of which ~10 are unseen; 10 picks from 120 cluster items
    // give popularity about 1/6 of that at best.
    System.out.printf(
        "planted HR@10 popular %.3f item_cf %.3f user_cf %.3f auto %.3f%n",
        pop, itemCf, userCf, auto);
    assertThat(pop).isLessThan(0.25);
    assertThat(itemCf).isGreaterThan(0.6).isGreaterThan(pop + 0.4);
    assertThat(userCf).isGreaterThan(0.6).isGreaterThan(pop + 0.4);
    assertThat(auto).isGreaterThan(0.6).isGreaterThan(pop + 0.4);
  }

  @Test
  void topNIsAPrefixOfTop2NAndAnswersAreRepeatable() {
    Split split = plantedSplit();
    RecommendationService svc = new RecommendationService(split.state(), ItemInfo.NONE, () -> null);
    for (Strategy st : DETERMINISTIC) {
      for (String user : List.of("u0", "u7", "u99", "unknown-user")) {
        for (int n : List.of(1, 5, 10)) {
          List<ScoredItem> small =
              svc.recommend(user, st, new RecoRequest(n, null, true, true)).items();
          List<ScoredItem> big =
              svc.recommend(user, st, new RecoRequest(2 * n, null, true, true)).items();
          assertThat(big.subList(0, small.size())).as("%s %s n=%d", st, user, n).isEqualTo(small);
          assertThat(small).hasSize(n);
          assertThat(svc.recommend(user, st, new RecoRequest(n, null, true, true)).items())
              .isEqualTo(small);
        }
      }
    }
  }

  @Test
  void seenUnavailableAndOtherCategoryItemsNeverAppear() {
    Split split = plantedSplit();
    Set<String> unavailable = Set.of("c0-i0", "c0-i1", "c0-i2", "hot-0", "hot-1");
    ItemInfo info =
        new ItemInfo() {
          @Override
          public boolean available(String itemId) {
            return !unavailable.contains(itemId);
          }

          @Override
          public String category(String itemId) {
            return null;
          }
        };
    RecommendationService svc = new RecommendationService(split.state(), info, () -> null);
    for (Strategy st : DETERMINISTIC) {
      for (int u = 0; u < 240; u += 7) {
        String user = "u" + u;
        Set<String> seen = new HashSet<>(split.state().history(user).orElseThrow().items());
        List<String> got =
            svc.recommend(user, st, new RecoRequest(30, null, true, false)).items().stream()
                .map(ScoredItem::itemId)
                .toList();
        assertThat(got)
            .doesNotContainAnyElementsOf(unavailable)
            .doesNotContainAnyElementsOf(seen)
            .doesNotHaveDuplicates();
        List<String> cat =
            svc.recommend(user, st, new RecoRequest(10, "cat3", false, false)).items().stream()
                .map(ScoredItem::itemId)
                .toList();
        assertThat(cat).isNotEmpty().allMatch(i -> i.startsWith("c3-"));
      }
    }
  }

  @Test
  void unknownUserGetsPopularItemsWithReasons() {
    Split split = plantedSplit();
    RecommendationService svc = new RecommendationService(split.state(), ItemInfo.NONE, () -> null);
    RecoResult r = svc.recommend("nobody", Strategy.USER_CF, new RecoRequest(3, null, true, true));
    assertThat(r.used()).isEqualTo("popular");
    assertThat(r.items()).extracting(ScoredItem::itemId).allMatch(i -> i.startsWith("hot-"));
    assertThat(r.items().get(0).reasons()).containsExactly("popular in hot today");
  }

  @Test
  void reasonsNameTheEvidence() {
    RecoState s = new RecoState(RecoConfig.defaults());
    long t = T0;
    for (int u = 0; u < 5; u++) {
      s.apply(event("view", "u" + u, "p-7", null, t++));
      s.apply(event("purchase", "u" + u, "p-8", null, t++));
    }
    s.apply(event("view", "me", "p-7", null, t++));
    RecommendationService svc = new RecommendationService(s, ItemInfo.NONE, () -> null);
    ScoredItem item =
        svc.recommend("me", Strategy.ITEM_CF, new RecoRequest(1, null, true, true)).items().get(0);
    assertThat(item.itemId()).isEqualTo("p-8");
    assertThat(item.reasons()).containsExactly("similar to p-7 you viewed");
    ScoredItem user =
        svc.recommend("me", Strategy.USER_CF, new RecoRequest(1, null, true, true)).items().get(0);
    assertThat(user.reasons()).containsExactly("5 users like you bought it");
  }

  @Test
  void answersMoveTowardANewInterestInRealTime() {
    Split split = plantedSplit();
    RecoState s = split.state();
    RecommendationService svc = new RecommendationService(s, ItemInfo.NONE, () -> null);
    String user = "u0"; // cluster 0
    for (Strategy st : List.of(Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO)) {
      assertThat(share(svc, user, st, "c0-")).as("%s before", st).isGreaterThan(0.5);
    }
    long t = T0 + 10_000_000;
    for (int i = 0; i < 6; i++) {
      s.apply(event("click", user, "c4-i" + i, "cat4", t += 1000));
    }
    for (Strategy st : List.of(Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO)) {
      assertThat(share(svc, user, st, "c4-")).as("%s after", st).isGreaterThan(0.5);
    }
  }

  private static double share(RecommendationService svc, String user, Strategy st, String prefix) {
    List<ScoredItem> items =
        svc.recommend(user, st, new RecoRequest(10, null, true, false)).items();
    return items.stream().filter(i -> i.itemId().startsWith(prefix)).count() / 10.0;
  }

  @Test
  void rankReordersExactlyTheGivenItemsWithUnavailableLast() {
    Split split = plantedSplit();
    ItemInfo info =
        new ItemInfo() {
          @Override
          public boolean available(String itemId) {
            return !itemId.equals("c0-i3");
          }

          @Override
          public String category(String itemId) {
            return null;
          }
        };
    RecommendationService svc = new RecommendationService(split.state(), info, () -> null);
    List<String> given =
        new ArrayList<>(List.of("c5-i1", "c0-i3", "c0-i4", "never-seen", "hot-2", "c0-i5"));
    for (Strategy st : DETERMINISTIC) {
      RecoResult r = svc.rank("u0", given, st, true);
      List<String> ids = r.items().stream().map(ScoredItem::itemId).toList();
      assertThat(ids).containsExactlyInAnyOrderElementsOf(given);
      assertThat(ids.get(ids.size() - 1)).isEqualTo("c0-i3");
      assertThat(r.items().get(ids.size() - 1).reasons()).containsExactly("unavailable");
      for (int i = 1; i < ids.size() - 1; i++) {
        assertThat(r.items().get(i - 1).score()).isGreaterThanOrEqualTo(r.items().get(i).score());
      }
    }
    List<String> cf =
        svc.rank("u0", given, Strategy.ITEM_CF, false).items().stream()
            .map(ScoredItem::itemId)
            .toList();
    assertThat(cf.indexOf("c0-i4")).isLessThan(cf.indexOf("c5-i1"));
  }
}
