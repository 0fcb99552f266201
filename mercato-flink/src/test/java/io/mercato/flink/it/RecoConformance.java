package io.mercato.flink.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.ServingRecoView;
import io.mercato.core.reco.Strategy;
import io.mercato.engine.Engine;
import io.mercato.store.redis.RedisStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Requires that the recommendation values the Flink job wrote to Redis, read through
 * {@link ServingRecoView} by the same {@link RecommendationService} code as API nodes use, answer
 * like the embedded engine fed the same records: for every user of the stream (and a few unknown
 * ones) the deterministic strategies (popular, item_cf, user_cf, and auto, which blends the CF
 * strategies while no iALS model exists) with and without a category and {@code exclude_seen},
 * re-ranking, and similar items for every item. Equal means equal records: items, scores,
 * popularity, reasons, strategy used, backfill.
 */
final class RecoConformance {
  private static final List<Strategy> DETERMINISTIC =
      List.of(Strategy.POPULAR, Strategy.ITEM_CF, Strategy.USER_CF, Strategy.AUTO);

  private RecoConformance() {}

  /** Compares; returns the number of answers compared. */
  static int assertSame(
      Engine engine, RedisStateStore redis, RecoConfig config, List<Event> events) {
    TreeSet<String> users = new TreeSet<>();
    TreeSet<String> items = new TreeSet<>();
    TreeSet<String> categories = new TreeSet<>();
    for (Event e : events) {
      users.add(e.userId());
      if (e.itemId() != null) {
        items.add(e.itemId());
      }
      if (e.category() != null) {
        categories.add(e.category());
      }
    }
    users.add("never-seen-user");
    List<String> cats = new ArrayList<>(categories);
    List<String> candidates = new ArrayList<>(items).subList(0, Math.min(items.size(), 30));
    var meta = ServingRecoView.open(config, redis::readStates).meta();
    var live = engine.recoState();
    assertThat(meta.interactions()).as("interactions applied").isEqualTo(live.interactions());
    assertThat(meta.newestMillis()).as("newest interaction time").isEqualTo(live.newestMillis());
    assertThat(meta.popularityRef())
        .as("popularity reference time")
        .isEqualTo(live.popularityRef());
    int compared = 0;
    int u = 0;
    for (String user : users) {
      String cat = cats.isEmpty() ? null : cats.get(u++ % cats.size());
      for (Strategy s : DETERMINISTIC) {
        for (RecoRequest req :
            List.of(new RecoRequest(10, null, true, true), new RecoRequest(20, cat, false, true))) {
          ServingRecoView view = ServingRecoView.open(config, redis::readStates);
          view.prepare(user, s, req.category(), req.n(), List.of());
          assertThat(
                  new RecommendationService(view, ItemInfo.NONE, () -> null)
                      .recommend(user, s, req))
              .as("%s for %s, %s", s, user, req)
              .isEqualTo(engine.recommend(user, s, req));
          compared++;
        }
      }
      if (u % 10 == 0) {
        ServingRecoView view = ServingRecoView.open(config, redis::readStates);
        view.prepare(user, Strategy.AUTO, null, candidates.size(), candidates);
        assertThat(
                new RecommendationService(view, ItemInfo.NONE, () -> null)
                    .rank(user, candidates, Strategy.AUTO, true))
            .as("rank for %s", user)
            .isEqualTo(engine.rank(user, candidates, Strategy.AUTO, true));
        compared++;
      }
    }
    for (String item : items) {
      ServingRecoView view = ServingRecoView.open(config, redis::readStates);
      assertThat(view.similarItems(item, 20, i -> true))
          .as("similar items of %s", item)
          .isEqualTo(engine.similarItems(item, 20));
      compared++;
    }
    return compared;
  }
}
