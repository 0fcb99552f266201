package io.mercato.core.reco;

import java.util.List;
import java.util.Optional;

/**
 * One recommendation strategy (the Mahout Taste {@code Recommender} idea): it scores items for a
 * user from the state it reads. Implementations are thread-safe and read live state, so an event
 * applied before the call is reflected in the answer.
 */
public interface Recommender {
  /** Which strategy this is. */
  Strategy strategy();

  /** The model the scores come from: {@code live} for state updated per event, else a model version. */
  String modelVersion();

  /**
   * The user's scores, or empty when this strategy has nothing to say about the user (unknown user,
   * no interactions, no trained model); callers then fall back to popularity.
   */
  Optional<Scores> scores(String userId);

  /**
   * The user's scores for re-ranking {@code candidates} (distinct item ids): a strategy that scores in
   * batches (a neural network's forward pass, a ranker) scores exactly these at once; the answer's
   * {@link Scores#score} must be defined for each of them, and may be 0 for other items. By default
   * {@link #scores(String)}.
   */
  default Optional<Scores> scores(String userId, List<String> candidates) {
    return scores(userId);
  }
}
