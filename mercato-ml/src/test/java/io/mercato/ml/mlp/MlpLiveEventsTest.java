package io.mercato.ml.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mercato.core.event.Event;
import io.mercato.core.reco.ItemInfo;
import io.mercato.core.reco.RecoConfig;
import io.mercato.core.reco.RecoRequest;
import io.mercato.core.reco.RecoResult;
import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.RecommendationService;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.ScoredItem;
import io.mercato.core.reco.Strategy;
import io.mercato.ml.serving.ModelSlot;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MLP's user side follows live events: through the serving path ({@link RecommendationService}),
 * a user unseen at training gets answers from their first few views, and each event moves the next
 * answer, with the same model (no retraining).
 */
class MlpLiveEventsTest {
  static PlantedSequences data;
  static ModelSlot<MlpModel> slot = new ModelSlot<>();
  long seq;

  @BeforeAll
  static void train() {
    data = new PlantedSequences(4, 30, 20, 10, 11);
    slot.swap(MlpTrainerTest.train(data, MlpTrainerTest.tiny()));
  }

  @AfterAll
  static void close() {
    slot.clear();
  }

  RecoState state = new RecoState(RecoConfig.defaults());
  RecommendationService service =
      new RecommendationService(
          state,
          ItemInfo.NONE,
          Map.<Strategy, Supplier<Recommender>>of(
              Strategy.MLP, () -> new MlpRecommender(slot, state)));

  void view(String user, String item) {
    seq++;
    state.apply(
        new Event(
            "e" + seq,
            false,
            "view",
            user,
            item,
            null,
            null,
            null,
            null,
            1_767_225_600_000L + seq * 1000,
            Map.of()));
  }

  long shareOfGroup(RecoResult r, int group) {
    return r.items().stream()
        .map(ScoredItem::itemId)
        .filter(i -> i.startsWith("c" + group + "-"))
        .count();
  }

  @Test
  void aNewUsersNextAnswerFollowsTheirViewsWithoutRetraining() {
    // the catalog seen by the live state: every training sequence, so popularity has something to
    // offer
    for (UserSequence s : data.train) {
      for (String i : s.items()) {
        view(s.userId(), i);
      }
    }
    RecoRequest top10 = new RecoRequest(10, null, true, false);
    assertThat(service.recommend("newcomer", Strategy.MLP, top10).used())
        .as("no history yet")
        .isEqualTo("popular");

    for (int j = 0; j < 3; j++) {
      view("newcomer", PlantedSequences.item(1, j));
    }
    RecoResult first = service.recommend("newcomer", Strategy.MLP, top10);
    String version = first.modelVersion();
    assertThat(first.used()).isEqualTo("mlp");
    assertThat(version).startsWith("mlp-");
    assertThat(shareOfGroup(first, 1))
        .as("three views of group 1: " + first.items())
        .isGreaterThanOrEqualTo(8);

    for (int j = 0; j < 5; j++) {
      view("newcomer", PlantedSequences.item(3, j));
    }
    RecoResult after = service.recommend("newcomer", Strategy.MLP, top10);
    assertThat(after.modelVersion()).as("the same model").isEqualTo(version);
    assertThat(shareOfGroup(after, 3))
        .as("after five views of group 3: " + after.items())
        .isGreaterThanOrEqualTo(6);
    assertThat(shareOfGroup(after, 3)).isGreaterThan(shareOfGroup(first, 3));

    // re-ranking scores exactly the given candidates in one pass, and ranks the user's group first
    RecoResult ranked =
        service.rank(
            "newcomer", List.of("c0-i9", "c3-i9", "unknown-item", "c1-i9"), Strategy.MLP, false);
    assertThat(ranked.items().get(0).itemId()).isEqualTo("c3-i9");
    assertThat(ranked.items().get(3).itemId())
        .as("an item unknown to the model has no evidence")
        .isEqualTo("unknown-item");
    assertThat(ranked.items().get(3).score()).isZero();
  }
}
