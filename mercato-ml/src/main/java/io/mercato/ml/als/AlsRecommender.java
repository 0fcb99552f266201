package io.mercato.ml.als;

import io.mercato.core.reco.RecoState;
import io.mercato.core.reco.Recommender;
import io.mercato.core.reco.Scores;
import io.mercato.core.reco.Strategy;
import io.mercato.core.reco.UserHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * {@code strategy=als}: scores every item of a trained {@link AlsModel} by {@code x_u · y_i}. A user
 * known at training time uses their trained vector; a user unseen then gets one folded in from
 * their live history ({@link RecoState#history}) at request time — one exact ALS half-step against
 * the trained item factors, O(k²·n + k³). Items the model does not know (new since training) score 0.
 * Cost per request: O(items · k) to score the catalogue.
 */
public final class AlsRecommender implements Recommender {
  private final AlsModel model;
  private final RecoState state;

  public AlsRecommender(AlsModel model, RecoState state) {
    this.model = model;
    this.state = state;
  }

  public AlsModel model() {
    return model;
  }

  @Override
  public Strategy strategy() {
    return Strategy.ALS;
  }

  @Override
  public String modelVersion() {
    return model.version();
  }

  @Override
  public Optional<Scores> scores(String userId) {
    Optional<float[]> trained = model.userVector(userId);
    boolean folded = trained.isEmpty();
    Optional<float[]> vector =
        trained.isPresent() ? trained : state.history(userId).flatMap(this::foldIn);
    if (vector.isEmpty()) {
      return Optional.empty();
    }
    float[] all = new float[model.items()];
    model.scoreAll(vector.get(), all);
    return Optional.of(new DenseScores(all, folded));
  }

  private Optional<float[]> foldIn(UserHistory h) {
    Map<String, Float> weights = new HashMap<>();
    for (int i = 0; i < h.size(); i++) {
      weights.put(h.items().get(i), h.weights()[i]);
    }
    return model.foldIn(weights);
  }

  private final class DenseScores implements Scores {
    private final float[] scores;
    private final boolean folded;

    DenseScores(float[] scores, boolean folded) {
      this.scores = scores;
      this.folded = folded;
    }

    @Override
    public double score(String itemId) {
      int i = model.itemIndex(itemId);
      return i < 0 ? 0 : scores[i];
    }

    @Override
    public double maxScore() {
      double max = 0;
      for (float s : scores) {
        max = Math.max(max, s);
      }
      return max;
    }

    @Override
    public List<String> top(int n, String category, Predicate<String> filter) {
      // a bounded min-heap of indexes: O(items · log n); the filter runs only on candidates that
      // would enter the heap, which keeps catalogue lookups (availability, category) rare
      PriorityQueue<Integer> heap = new PriorityQueue<>(n + 1, (a, b) -> compare(b, a));
      for (int i = 0; i < scores.length; i++) {
        if (!(scores[i] > 0)) {
          continue;
        }
        if (heap.size() == n && compare(i, heap.peek()) >= 0) {
          continue;
        }
        if (!filter.test(model.itemId(i))) {
          continue;
        }
        heap.add(i);
        if (heap.size() > n) {
          heap.poll();
        }
      }
      List<Integer> idx = new ArrayList<>(heap);
      idx.sort(this::compare);
      List<String> out = new ArrayList<>(idx.size());
      for (int i : idx) {
        out.add(model.itemId(i));
      }
      return out;
    }

    /** Best first: higher score, then more popular, then smaller id. */
    private int compare(int a, int b) {
      int c = Float.compare(scores[b], scores[a]);
      if (c != 0) {
        return c;
      }
      String ia = model.itemId(a);
      String ib = model.itemId(b);
      c = Double.compare(state.popularity(ib), state.popularity(ia));
      return c != 0 ? c : ia.compareTo(ib);
    }

    @Override
    public List<String> reasons(String itemId) {
      return List.of(
          folded
              ? "fits the taste of your recent interactions (" + model.version() + ")"
              : "users with tastes like yours liked it (" + model.version() + ")");
    }
  }
}
