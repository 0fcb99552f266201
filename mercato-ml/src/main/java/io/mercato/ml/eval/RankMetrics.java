package io.mercato.ml.eval;

import io.mercato.core.reco.ScoredItem;
import java.util.List;
import java.util.Set;

/**
 * The ranking metrics, as pure functions.
 *
 * <h2>Sampled protocol</h2>
 * The positive's rank among its candidates is the number of other candidates that the serving order
 * puts at or before it: a higher score, or the same score and a popularity at least as high (scores
 * first, popularity second, as {@code RecommendationService.rank} orders). The remaining key of
 * that order, the item id, is arbitrary, so a full tie counts against the positive: an evaluation
 * can only be pessimistic, never lucky. With a 0-based rank {@code r}:
 * {@code HR@K = [r < K]} and {@code NDCG@K = [r < K] / log2(r + 2)} (one relevant item, so the ideal
 * DCG is 1).
 *
 * <h2>Full catalog</h2>
 * For a top-K list and the user's set {@code P} of held-out items: {@code HR@K = [some p ∈ P listed]},
 * {@code recall@K = |P ∩ list| / |P|} (equal to HR@K with one held-out item per user), and
 * {@code NDCG@K = DCG / IDCG} with {@code DCG = Σ_{hits at 0-based position j} 1/log2(j + 2)} and
 * {@code IDCG = Σ_{j < min(|P|, K)} 1/log2(j + 2)}.
 */
public final class RankMetrics {
  private RankMetrics() {}

  /**
   * The 0-based rank of {@code positive} among {@code others} as described above.
   *
   * @param others the other candidates, in any order; must not contain the positive
   */
  public static int rank(ScoredItem positive, List<ScoredItem> others) {
    int r = 0;
    for (ScoredItem o : others) {
      int c = Double.compare(o.score(), positive.score());
      if (c > 0 || (c == 0 && Double.compare(o.popularity(), positive.popularity()) >= 0)) {
        r++;
      }
    }
    return r;
  }

  /** 1 when the 0-based {@code rank} is within the top {@code k}, else 0. */
  public static double hit(int rank, int k) {
    return rank < k ? 1 : 0;
  }

  /** {@code 1/log2(rank + 2)} when the 0-based {@code rank} is within the top {@code k}, else 0. */
  public static double ndcg(int rank, int k) {
    return rank < k ? 1 / log2(rank + 2) : 0;
  }

  /**
   * Full-catalog metrics of one user.
   *
   * @param top       the recommended items, best first (at most K are looked at)
   * @param positives the user's held-out items, not empty
   */
  public static FullCatalog fullCatalog(List<String> top, Set<String> positives, int k) {
    if (positives.isEmpty()) {
      throw new IllegalArgumentException("a user needs at least one held-out item");
    }
    double dcg = 0;
    int hits = 0;
    for (int j = 0; j < Math.min(k, top.size()); j++) {
      if (positives.contains(top.get(j))) {
        dcg += 1 / log2(j + 2);
        hits++;
      }
    }
    double idcg = 0;
    for (int j = 0; j < Math.min(k, positives.size()); j++) {
      idcg += 1 / log2(j + 2);
    }
    return new FullCatalog(hits > 0 ? 1 : 0, dcg / idcg, hits / (double) positives.size());
  }

  /** One user's full-catalog hit (0 or 1), NDCG and recall, each in [0, 1]. */
  public record FullCatalog(double hit, double ndcg, double recall) {}

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
