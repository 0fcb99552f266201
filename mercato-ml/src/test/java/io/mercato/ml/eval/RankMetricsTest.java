package io.mercato.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mercato.core.reco.ScoredItem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankMetricsTest {
  static ScoredItem item(String id, double score, double popularity) {
    return new ScoredItem(id, score, popularity, true, List.of());
  }

  /**
   * Positive p (score 0.5, popularity 2) among five negatives:
   * <pre>
   *   n1 0.9 / 1   higher score                      → before p
   *   n2 0.5 / 3   same score, more popular          → before p
   *   n3 0.5 / 1   same score, less popular          → after p
   *   n4 0.2 / 9   lower score (popularity ignored)  → after p
   *   n5 0.7 / 0   higher score                      → before p
   * </pre>
   * rank r = 3 (0-based): HR@3 = 0, HR@4 = 1, NDCG@4 = 1/log2(3 + 2) = 1/2.3219 = 0.43068.
   */
  @Test
  void rankHitAndNdcgOfAHandComputedCase() {
    ScoredItem p = item("p", 0.5, 2);
    List<ScoredItem> negatives =
        List.of(
            item("n1", 0.9, 1),
            item("n2", 0.5, 3),
            item("n3", 0.5, 1),
            item("n4", 0.2, 9),
            item("n5", 0.7, 0));
    int r = RankMetrics.rank(p, negatives);
    assertThat(r).isEqualTo(3);
    assertThat(RankMetrics.hit(r, 3)).isZero();
    assertThat(RankMetrics.ndcg(r, 3)).isZero();
    assertThat(RankMetrics.hit(r, 4)).isEqualTo(1);
    assertThat(RankMetrics.ndcg(r, 4)).isCloseTo(0.43068, within(1e-5));
    assertThat(RankMetrics.ndcg(0, 10)).isEqualTo(1.0);
  }

  @Test
  void aFullTieCountsAgainstThePositive() {
    ScoredItem p = item("a", 0.5, 2); // "a" would win the serving order's id tie-break
    assertThat(RankMetrics.rank(p, List.of(item("b", 0.5, 2)))).isEqualTo(1);
    assertThat(RankMetrics.rank(p, List.of(item("b", 0.5, 2), item("c", 0.5, 2))))
        .as("rank 2: HR@2 = 0")
        .isEqualTo(2);
    assertThat(RankMetrics.rank(item("z", 0, 0), List.of(item("y", 0, 0))))
        .as("no evidence at all")
        .isEqualTo(1);
  }

  /**
   * Top 3 = [a, b, c], held out {b, z}: one hit at position 1. HR = 1; recall = 1/2;
   * DCG = 1/log2(3) = 0.63093; IDCG (two relevant items) = 1 + 1/log2(3) = 1.63093; NDCG = 0.38685.
   */
  @Test
  void fullCatalogMetricsOfAHandComputedCase() {
    RankMetrics.FullCatalog f =
        RankMetrics.fullCatalog(List.of("a", "b", "c"), Set.of("b", "z"), 3);
    assertThat(f.hit()).isEqualTo(1);
    assertThat(f.recall()).isEqualTo(0.5);
    assertThat(f.ndcg()).isCloseTo(0.38685, within(1e-5));

    RankMetrics.FullCatalog single =
        RankMetrics.fullCatalog(List.of("a", "b", "c"), Set.of("c"), 3);
    assertThat(single.recall())
        .as("one held-out item: recall = HR")
        .isEqualTo(single.hit())
        .isEqualTo(1);
    assertThat(single.ndcg()).isCloseTo(0.5, within(1e-12)); // 1/log2(4)
    assertThat(RankMetrics.fullCatalog(List.of("a", "b", "c"), Set.of("c"), 2).hit())
        .as("beyond K")
        .isZero();
  }
}
