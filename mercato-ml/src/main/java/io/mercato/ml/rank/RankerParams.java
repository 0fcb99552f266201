package io.mercato.ml.rank;

/**
 * Hyperparameters of the LightGBM ranker ({@code lambdarank}) and of its training rows.
 *
 * @param trees           boosting rounds, 1..10000 (default 200)
 * @param leaves          leaves per tree, 2..4096 (default 31)
 * @param learningRate    shrinkage, in (0, 1] (default 0.05)
 * @param minDataInLeaf   rows per leaf at least, 1..100000 (default 50)
 * @param featureFraction share of features per tree, in (0, 1] (default 0.9)
 * @param l2              L2 regularisation of leaf values, ≥ 0 (default 1)
 * @param perStage        candidates per first-stage strategy in each training moment and at serving,
 *                        1..1000 (default 50)
 * @param randomNegatives uniformly drawn extra negatives per training moment, 0..1000 (default 100, about
 *                        the 99 of the sampled protocol)
 * @param seed            seed of LightGBM's bagging/feature sampling and of the rows' draws (default 42)
 * @param threads         LightGBM threads, 1..1024 (default 1: results then do not depend on the machine)
 */
public record RankerParams(
    int trees,
    int leaves,
    double learningRate,
    int minDataInLeaf,
    double featureFraction,
    double l2,
    int perStage,
    int randomNegatives,
    long seed,
    int threads) {

  public RankerParams {
    range("ranker.trees", trees, 1, 10_000);
    range("ranker.leaves", leaves, 2, 4096);
    range("ranker.min-data-in-leaf", minDataInLeaf, 1, 100_000);
    range("ranker.per-stage", perStage, 1, 1000);
    range("ranker.random-negatives", randomNegatives, 0, 1000);
    range("ranker.threads", threads, 1, 1024);
    if (!(learningRate > 0 && learningRate <= 1)) {
      throw new IllegalArgumentException(
          "ranker.learning-rate must be in (0, 1] but was " + learningRate);
    }
    if (!(featureFraction > 0 && featureFraction <= 1)) {
      throw new IllegalArgumentException(
          "ranker.feature-fraction must be in (0, 1] but was " + featureFraction);
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("ranker.l2 must be a finite number >= 0 but was " + l2);
    }
  }

  public static RankerParams defaults() {
    return new RankerParams(200, 31, 0.05, 50, 0.9, 1, 50, 100, 42, 1);
  }

  public RankerParams withTrees(int n) {
    return new RankerParams(
        n,
        leaves,
        learningRate,
        minDataInLeaf,
        featureFraction,
        l2,
        perStage,
        randomNegatives,
        seed,
        threads);
  }

  public RankerParams withLeaves(int n) {
    return new RankerParams(
        trees,
        n,
        learningRate,
        minDataInLeaf,
        featureFraction,
        l2,
        perStage,
        randomNegatives,
        seed,
        threads);
  }

  public RankerParams withLearningRate(double r) {
    return new RankerParams(
        trees,
        leaves,
        r,
        minDataInLeaf,
        featureFraction,
        l2,
        perStage,
        randomNegatives,
        seed,
        threads);
  }

  public RankerParams withMinDataInLeaf(int n) {
    return new RankerParams(
        trees,
        leaves,
        learningRate,
        n,
        featureFraction,
        l2,
        perStage,
        randomNegatives,
        seed,
        threads);
  }

  public RankerParams withCandidates(int stage, int random) {
    return new RankerParams(
        trees,
        leaves,
        learningRate,
        minDataInLeaf,
        featureFraction,
        l2,
        stage,
        random,
        seed,
        threads);
  }

  /** LightGBM's parameter string for training. */
  String lightGbm() {
    return "objective=lambdarank metric=ndcg eval_at=10 verbosity=-1 deterministic=true force_row_wise=true"
        + " num_leaves="
        + leaves
        + " learning_rate="
        + learningRate
        + " min_data_in_leaf="
        + minDataInLeaf
        + " feature_fraction="
        + featureFraction
        + " feature_fraction_seed="
        + seed
        + " bagging_seed="
        + seed
        + " data_random_seed="
        + seed
        + " seed="
        + seed
        + " lambda_l2="
        + l2
        + " num_threads="
        + threads;
  }

  private static void range(String field, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + " but was " + v);
    }
  }
}
