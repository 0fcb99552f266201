package io.mercato.ml.eval;

/** How a rating becomes an interaction event. */
public enum Weighting {
  /**
   * Every rating is one interaction of weight 1, whatever its value: the implicit-feedback reading
   * of explicit ratings used by the published leave-last-out results (He et al. 2017, Rendle et al.
   * 2020), where having rated a movie is the signal. Event type {@code rating}.
   */
  BINARY,
  /**
   * A rating {@code r > 0} is one interaction of weight {@code r} (event type {@code rating-<r>}): a 5
   * weighs five times a 1 in user vectors (user-CF), item-CF's per-history-item weight, popularity
   * and iALS confidence. Item-CF co-occurrence counts users whatever the weights.
   */
  RATING
}
